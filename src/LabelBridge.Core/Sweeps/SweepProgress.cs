using LabelBridge.Core.Storage;

namespace LabelBridge.Core.Sweeps;

/// <summary>Where a running sweep is: its stage and, within it, done of total.</summary>
public sealed record SweepProgress(SweepStage Stage, int Done, int Total, string Message);
