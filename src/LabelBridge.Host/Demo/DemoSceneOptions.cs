namespace LabelBridge.Host.Demo;

/// <summary>Size and error rates of the generated demo project.</summary>
internal sealed record DemoSceneOptions(
    int Tasks = 2,
    int FramesPerTask = 40,
    int JobSize = 20,
    int ObjectsPerFrame = 4,
    double MislabelRate = 0.05,
    int DuplicateConflicts = 2,
    int Outliers = 2,
    int Seed = 7);
