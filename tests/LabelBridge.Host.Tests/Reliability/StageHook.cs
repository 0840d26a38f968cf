using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>Runs an action synchronously when a sweep announces that a stage starts, before the stage sends anything.</summary>
internal sealed class StageHook(SweepStage stage, Action action) : IProgress<SweepProgress>
{
    private bool done;

    public void Report(SweepProgress value)
    {
        if (!done && value.Stage == stage)
        {
            done = true;
            action();
        }
    }
}
