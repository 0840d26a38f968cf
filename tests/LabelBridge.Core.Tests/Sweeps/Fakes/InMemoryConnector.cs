using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>A platform held in memory: one project of boxes, markers kept by finding key (so a re-run finds them, as the
/// real connectors do), and switches for an outage, a marker the platform refuses, and a reviewer's dismissal.</summary>
internal sealed class InMemoryConnector : IPlatformConnector
{
    private readonly Dictionary<string, MarkerReference> markers = new(StringComparer.Ordinal);

    public InMemoryConnector(int annotations)
    {
        var items = new List<Item>();
        var boxes = new List<Annotation>();
        for (var i = 0; i < annotations; i++)
        {
            var item = new Item($"cvat:frame/{i}", $"content-{i}", 100, 100, new ItemLocation(1, 1, i), $"frame-{i}", $"frame {i}");
            items.Add(item);
            boxes.Add(new Annotation(AnnotationKey(i), item.Key, i % 2 == 0 ? "cat" : "dog", ShapeKind.Rectangle,
                new PixelBox(10, 10, 20, 20), "v1", new AnnotationOrigin($"{i}", "shape")));
        }

        Snapshot = new ProjectSnapshot(PlatformKind.Cvat, "1", "pets", [new ProjectLabel("cat"), new ProjectLabel("dog")], items, boxes, []);
    }

    public PlatformKind Kind => PlatformKind.Cvat;

    public ProjectSnapshot Snapshot { get; set; }

    /// <summary>When set, reads fail as an unreachable platform does.</summary>
    public bool ReadsUnavailable { get; set; }

    /// <summary>When set, write-back fails as an unreachable platform does.</summary>
    public bool WritesUnavailable { get; set; }

    /// <summary>Annotations whose marker the platform refuses (a 4xx for that one issue).</summary>
    public HashSet<string> RefusedAnnotations { get; } = new(StringComparer.Ordinal);

    /// <summary>Finding keys whose marker a reviewer resolved in the platform without changing the label.</summary>
    public HashSet<string> DismissedInPlatform { get; } = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public List<WriteBackRequest> WriteBacks { get; } = [];

    public IReadOnlyCollection<string> MarkedFindings => markers.Keys;

    public static string AnnotationKey(int index) => $"cvat:shape/{index}";

    public Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken) => throw new NotSupportedException("Sweeps never check.");

    /// <summary>Run once, by the next project read, before it answers (then cleared): a test holds a read there.</summary>
    public Func<CancellationToken, Task>? DuringNextRead { get; set; }

    public async Task<ProjectSnapshot> ReadProjectAsync(string remoteProjectId, CancellationToken cancellationToken)
    {
        Reads++;
        if (DuringNextRead is { } during)
        {
            DuringNextRead = null;
            await during(cancellationToken);
        }

        return ReadsUnavailable
            ? throw new PlatformUnavailableException("memory", "the platform did not answer (connection refused)")
            : Snapshot;
    }

    public Task<WriteBackResult> WriteBackAsync(WriteBackRequest request, CancellationToken cancellationToken)
    {
        if (WritesUnavailable)
        {
            throw new PlatformUnavailableException("memory", "the platform answered 503 to every write");
        }

        WriteBacks.Add(request);
        var written = new List<MarkerReference>();
        var problems = new List<ReadProblem>();
        foreach (var finding in request.Findings)
        {
            if (RefusedAnnotations.Contains(finding.AnnotationKey))
            {
                problems.Add(new ReadProblem(finding.Key, "the platform refused the issue (400)"));
                continue;
            }

            if (markers.TryGetValue(finding.Key, out var present))
            {
                written.Add(present with { Created = false });
                continue;
            }

            var marker = new MarkerReference(finding.Key, finding.AnnotationKey, $"issue-{markers.Count + 1}", Created: true);
            markers.Add(finding.Key, marker);
            written.Add(marker);
        }

        return Task.FromResult(new WriteBackResult(written, 0, problems));
    }

    public Task<IReadOnlyList<PlatformDecision>> ReadDecisionsAsync(
        ProjectSnapshot current, IReadOnlyList<MarkerLabelSnapshot> markers, CancellationToken cancellationToken)
    {
        IReadOnlyList<PlatformDecision> decisions = [.. markers
            .Where(m => DismissedInPlatform.Contains(m.Marker.FindingKey))
            .Select(m => new PlatformDecision(m.Marker.FindingKey, m.Marker.AnnotationKey, DecisionVerdict.Dismissed, m.LabelWhenMarked))];
        return Task.FromResult(decisions);
    }

    public Task<ReadProblem?> DismissAsync(ProjectSnapshot snapshot, MarkerReference marker, CancellationToken cancellationToken) =>
        Task.FromResult<ReadProblem?>(null);

    public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken) =>
        Task.FromResult(ImageFetchResult.Failure(item.Key, "the in-memory platform serves no images; the listed embedder needs none"));

    /// <summary>A mislabel finding on annotation <paramref name="index"/>, as the analysis would report it.</summary>
    public Finding Mislabel(int index, double score)
    {
        var annotation = Snapshot.Annotations[index];
        var suggested = annotation.Label == "cat" ? "dog" : "cat";
        return new Finding(FindingKeys.For(FindingKind.Mislabel, annotation.Key), FindingKind.Mislabel, score, annotation.Key,
            annotation.Label, suggested, [], $"labelled {annotation.Label}; its neighbours are {suggested}");
    }
}
