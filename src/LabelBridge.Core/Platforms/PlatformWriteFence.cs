namespace LabelBridge.Core.Platforms;

/// <summary>A check the platform transport makes right before it sends any request that changes the platform (every
/// method but GET, HEAD and OPTIONS), in the flow of work that set it: a sweep run sets one that fails once another run
/// has claimed its sweep.</summary>
/// <remarks>In a cluster, a worker taken for dead while it was only slow may be writing back when another worker resumes
/// its sweep; both would then send markers until the first one's next owner check (up to one interval). With the fence
/// the first sends nothing after the other's claim: each write reads the owner first (one store read per request), and a
/// write already on the wire is the only one left to land. The fence is ambient (it flows with the async calls of the
/// stage into the connectors' parallel writes), so connectors need no parameter for it.</remarks>
public static class PlatformWriteFence
{
    private static readonly AsyncLocal<Func<CancellationToken, Task>?> Current = new();

    /// <summary>Sets <paramref name="check"/> for the work that follows in this flow, until the result is disposed.</summary>
    /// <param name="check">Completes when writing may go on; throws (an <see cref="OperationCanceledException"/>) when not.</param>
    public static IDisposable Enter(Func<CancellationToken, Task> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var previous = Current.Value;
        Current.Value = check;
        return new Scope(previous);
    }

    /// <summary>Runs the check set in this flow, if any, before a request that changes the platform.</summary>
    public static Task CheckAsync(CancellationToken cancellationToken) => Current.Value?.Invoke(cancellationToken) ?? Task.CompletedTask;

    private sealed class Scope(Func<CancellationToken, Task>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
