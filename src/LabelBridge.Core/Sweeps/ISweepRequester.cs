namespace LabelBridge.Core.Sweeps;

/// <summary>Asks for a sweep of a configured project. Webhooks, the web API and the CLI all go through it,
/// so every trigger runs the same job; requests close together are debounced into one sweep.</summary>
public interface ISweepRequester
{
    /// <param name="project">Configured project name.</param>
    /// <param name="trigger"><c>webhook</c>, <c>manual</c>, <c>schedule</c>...</param>
    /// <param name="cancellationToken">Cancels the request, not the sweep.</param>
    Task RequestSweepAsync(string project, string trigger, CancellationToken cancellationToken);
}
