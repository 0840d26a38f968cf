using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;

namespace LabelBridge.Core.Review;

/// <summary>Records in the store the markers a write-back put on the platform, with the label each annotation had, so
/// reading decisions back can tell a relabel from a dismissal. Sweeps and reviewers' flags both write through here.</summary>
public sealed class MarkerLedger(IReviewStore store, TimeProvider time)
{
    /// <param name="project">The configured project.</param>
    /// <param name="server">The server the markers were written to (<see cref="Vocabulary.ProjectSnapshot.Server"/>).</param>
    /// <param name="written">The markers as the connector reported them.</param>
    /// <param name="labelOf">The label of an annotation of the snapshot written against (empty when unknown).</param>
    /// <param name="cancellationToken">Cancels the store call.</param>
    public async Task RecordAsync(string project, string server, IReadOnlyList<MarkerReference> written, Func<string, string> labelOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(labelOf);
        if (written.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var records = written
            .Select(m => new MarkerRecord(project, m.FindingKey, m.AnnotationKey, m.MarkerId, labelOf(m.AnnotationKey), now, Resolved: false, server))
            .ToList();
        await store.UpsertMarkersAsync(records, cancellationToken);
    }

    /// <summary>Records that a marker was withdrawn on the platform, so reading decisions back never takes the withdrawal
    /// for a second dismissal.</summary>
    public Task ResolveAsync(IReadOnlyList<MarkerRecord> markers, CancellationToken cancellationToken) =>
        markers.Count == 0 ? Task.CompletedTask : store.UpsertMarkersAsync([.. markers.Select(m => m with { Resolved = true })], cancellationToken);
}
