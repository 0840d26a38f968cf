namespace LabelBridge.Emulators.Scenes;

/// <summary>Size and error rates of a generated scene project.</summary>
/// <param name="Tasks">CVAT tasks; every task gets <paramref name="FramesPerTask"/> frames.</param>
/// <param name="FramesPerTask">Frames in each task.</param>
/// <param name="JobSize">Frames per CVAT job.</param>
/// <param name="ObjectsPerFrame">Regular objects per frame (junk and duplicates come on top).</param>
/// <param name="MislabelRate">Chance that a regular object is labelled as another class.</param>
/// <param name="DuplicateConflicts">Objects pasted a second time into their frame with another label (at most one frame in 9 gets one).</param>
/// <param name="Junk">Scribbles or background patches boxed and labelled as a class (at most one frame in 7 gets one).</param>
/// <param name="Seed">Everything drawn follows from it: the same seed gives the same bytes.</param>
/// <param name="ConfusableBias">Chance that a wrong label is one of the two classes most like the true one (else any other class).</param>
/// <param name="JunkPatchShare">Chance that a junk object is a bare patch of background rather than a scribble.</param>
public sealed record SceneOptions(
    int Tasks = 2,
    int FramesPerTask = 40,
    int JobSize = 20,
    int ObjectsPerFrame = 4,
    double MislabelRate = 0.05,
    int DuplicateConflicts = 2,
    int Junk = 2,
    int Seed = 7,
    double ConfusableBias = 0,
    double JunkPatchShare = 0);
