namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>A step that would take a minute (a platform read, an embedding) and stops when its token is cancelled: tells
/// a test that the step began and whether it was stopped rather than run to its end.</summary>
internal sealed class MinuteStall
{
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the step has begun.</summary>
    public Task Started => started.Task;

    /// <summary>Whether the step's token was cancelled before its minute was up.</summary>
    public bool Stopped { get; private set; }

    public async Task RunAsync(CancellationToken token)
    {
        started.TrySetResult();
        Stopped = await Task.Delay(TimeSpan.FromMinutes(1), token).ContinueWith(t => t.IsCanceled, TaskScheduler.Default);
        token.ThrowIfCancellationRequested();
    }
}
