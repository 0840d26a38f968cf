using LabelBridge.Core.Storage;

namespace LabelBridge.Core.Sweeps;

/// <summary>How a sweep ended: its report when it succeeded, the reason when it paused or failed.</summary>
public sealed record SweepOutcome(long SweepId, SweepStatus Status, SweepReport? Report, string? Error, bool Resumed);
