using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Images;
using LabelBridge.Cvat.Reading;
using LabelBridge.Cvat.WriteBack;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Cvat;

/// <summary>The connector for one configured CVAT server; each job goes to the part that does it.</summary>
internal sealed class CvatConnector(CvatConnection connection, ILogger logger) : IPlatformConnector
{
    public PlatformKind Kind => PlatformKind.Cvat;

    public Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken) =>
        new ServerCheck(connection).CheckAsync(cancellationToken);

    public Task<ProjectSnapshot> ReadProjectAsync(string remoteProjectId, CancellationToken cancellationToken) =>
        new ProjectReader(connection, logger).ReadAsync(remoteProjectId, cancellationToken);

    public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken) =>
        new FrameFetcher(connection).FetchAsync(item, cancellationToken);

    public Task<WriteBackResult> WriteBackAsync(WriteBackRequest request, CancellationToken cancellationToken) =>
        new ReviewWriter(connection, logger).WriteAsync(request, cancellationToken);

    public Task<IReadOnlyList<PlatformDecision>> ReadDecisionsAsync(
        ProjectSnapshot current, IReadOnlyList<MarkerLabelSnapshot> markers, CancellationToken cancellationToken) =>
        new DecisionReader(connection).ReadAsync(current, markers, cancellationToken);

    public Task<ReadProblem?> DismissAsync(ProjectSnapshot snapshot, MarkerReference marker, CancellationToken cancellationToken) =>
        new DecisionReader(connection).DismissAsync(marker, cancellationToken);

    public Task<ReadProblem?> SuggestLabelAsync(ProjectSnapshot snapshot, Core.Findings.Finding finding, MarkerReference marker, CancellationToken cancellationToken) =>
        new LabelSuggestion(connection).CommentAsync(finding, marker, cancellationToken);

    public Task<RelabelAttempt> RelabelAsync(ProjectSnapshot snapshot, LabelChange change, CancellationToken cancellationToken) =>
        new AnnotationRelabel(connection).RelabelAsync(snapshot, change, cancellationToken);
}
