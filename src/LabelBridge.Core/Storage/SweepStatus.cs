namespace LabelBridge.Core.Storage;

public enum SweepStatus
{
    Running,
    Succeeded,
    Failed,
    Paused,
}
