using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.LabelStudio.Images;
using LabelBridge.LabelStudio.Reading;
using LabelBridge.LabelStudio.WriteBack;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio;

/// <summary>The Label Studio side of LabelBridge: reads projects, fetches task images, writes and reads back review markers.</summary>
internal sealed class LabelStudioConnector(
    LabelStudioClient client,
    ProjectReader reader,
    ImageFetcher images,
    MarkerWriter writer,
    DecisionReader decisions,
    LabelSuggestion suggestion,
    TaskPredictions records,
    ILogger logger) : IPlatformConnector, IVersionedImageSource
{
    public PlatformKind Kind => PlatformKind.LabelStudio;

    internal LabelStudioClient Client => client;

    public Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken) =>
        new ServerCheck(client).CheckAsync(cancellationToken);

    public async Task<ProjectSnapshot> ReadProjectAsync(string remoteProjectId, CancellationToken cancellationToken)
    {
        var snapshot = await reader.ReadAsync(remoteProjectId, cancellationToken);
        Log.ProjectRead(logger, client.Platform, remoteProjectId, snapshot.Items.Count, snapshot.Annotations.Count, snapshot.Problems.Count);
        return snapshot;
    }

    public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken) =>
        images.FetchAsync(item, ifChangedFrom: null, cancellationToken);

    /// <remarks>Label Studio exposes no content version for a task's image: its <c>updated_at</c> changes with our own
    /// meta PATCH, storage sync skips keys it already has (io_storages/base_models.py <c>_scan_and_create_links</c>)
    /// and uploads get unique names, so an object overwritten under the same URL is told only by the image server's
    /// ETag / Last-Modified.</remarks>
    public Task<ImageFetchResult> FetchImageIfChangedAsync(Item item, ImageVersion known, CancellationToken cancellationToken) =>
        images.FetchAsync(item, known, cancellationToken);

    public string ImageHostOf(Item item) => ImageFetcher.HostOf(item);

    public Task<WriteBackResult> WriteBackAsync(WriteBackRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(request, cancellationToken);

    public Task<IReadOnlyList<PlatformDecision>> ReadDecisionsAsync(
        ProjectSnapshot current, IReadOnlyList<MarkerLabelSnapshot> markers, CancellationToken cancellationToken) =>
        decisions.ReadAsync(current, markers, cancellationToken);

    public Task<ReadProblem?> DismissAsync(ProjectSnapshot snapshot, MarkerReference marker, CancellationToken cancellationToken) =>
        decisions.DismissAsync(marker, cancellationToken);

    public Task<ReadProblem?> SuggestLabelAsync(ProjectSnapshot snapshot, Core.Findings.Finding finding, MarkerReference marker, CancellationToken cancellationToken) =>
        suggestion.SuggestAsync(snapshot, finding, cancellationToken);

    public Task<RelabelAttempt> RelabelAsync(ProjectSnapshot snapshot, LabelChange change, CancellationToken cancellationToken) =>
        new AnnotationRelabel(client, decisions).RelabelAsync(snapshot, change, cancellationToken);

    /// <summary>One task with its annotations, or null when it does not exist.</summary>
    internal Task<LsTask?> FindTaskAsync(long taskId, CancellationToken cancellationToken) =>
        records.GetTaskAsync(taskId, cancellationToken);

    /// <summary>The id of the user LabelBridge acts as, so webhook events it caused can be told apart.</summary>
    internal async Task<long> GetOwnUserIdAsync(CancellationToken cancellationToken) =>
        (await client.RequireAsync("api/current-user/whoami", (api, ct) => api.WhoAmIAsync(ct), cancellationToken)).Id;
}
