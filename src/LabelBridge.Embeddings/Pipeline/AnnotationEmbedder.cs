using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Choice;
using LabelBridge.Embeddings.Embedders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>The embedder a sweep calls: picks the project's embedder (or lets <c>auto</c> pick), runs the patch
/// pipeline, and returns rows in request order.</summary>
internal sealed class AnnotationEmbedder : IAnnotationEmbedder
{
    private readonly EmbedderResolver resolver;
    private readonly AutoChooser chooser;
    private readonly PatchRunner runner;
    private readonly EmbeddingOptions embedding;
    private readonly ProjectsOptions projects;
    private readonly ILogger<AnnotationEmbedder> logger;

    public AnnotationEmbedder(
        EmbedderResolver resolver,
        AutoChooser chooser,
        PatchRunner runner,
        IOptions<EmbeddingOptions> embedding,
        IOptions<ProjectsOptions> projects,
        ILogger<AnnotationEmbedder> logger)
    {
        this.resolver = resolver;
        this.chooser = chooser;
        this.runner = runner;
        this.embedding = embedding.Value;
        this.projects = projects.Value;
        this.logger = logger;
    }

    public async Task<EmbeddingSet> EmbedAsync(
        EmbeddingRequest request, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var spec = projects.Find(request.ProjectName)?.Embedder ?? embedding.Embedder;
        var choice = string.Equals(spec, "auto", StringComparison.OrdinalIgnoreCase)
            ? await chooser.ChooseAsync(request, cancellationToken)
            : await ResolveAsync(spec, cancellationToken);
        if (choice.Plan is null)
        {
            return new EmbeddingSet("", choice.Description, 0, [], [], 0, 0, choice.Problems);
        }

        var plan = choice.Plan;
        var run = await runner.RunAsync(plan.Parts, resolver.Crop, request, request.Annotations, progress, cancellationToken);
        var keys = new List<string>(request.Annotations.Count);
        var rowCount = run.HasRow.Count(h => h);
        // One embedder whose every row is there: its N×D rows are the set's rows as they are, not copied (at a million
        // 256-d rows the copy alone is 1 GB). Otherwise the rows are composed (and the failed ones left out) into a new array.
        var inPlace = plan.Parts.Count == 1 && run.PartRows.Length == 1 && rowCount == request.Annotations.Count
            && run.PartRows[0].Length == rowCount * plan.Dimension;
        var vectors = inPlace ? run.PartRows[0] : new float[rowCount * plan.Dimension];
        for (var i = 0; i < request.Annotations.Count; i++)
        {
            if (run.HasRow[i])
            {
                if (!inPlace)
                {
                    plan.ComposeRow(plan.Parts, run.PartRows, i, vectors.AsSpan(keys.Count * plan.Dimension, plan.Dimension));
                }

                keys.Add(request.Annotations[i].Key);
            }
        }

        IReadOnlyList<ReadProblem> problems = [.. choice.Problems, .. run.Problems];
        var sampled = Math.Min(choice.SamplePatchesEmbedded, run.CacheHits);
        var (embedded, hits) = (run.Embedded + sampled, run.CacheHits - sampled);
        Log.Embedded(logger, request.ProjectName, embedded, hits, problems.Count);
        return new EmbeddingSet(plan.Fingerprint, choice.Description, plan.Dimension, keys, vectors, embedded, hits, problems);
    }

    private async Task<EmbedderChoice> ResolveAsync(string spec, CancellationToken cancellationToken)
    {
        var (plan, problem) = await resolver.ResolveAsync(spec, cancellationToken);
        return plan is null
            ? new EmbedderChoice(null, $"{spec}: unusable", [problem!])
            : new EmbedderChoice(plan, $"{plan.Name} (configured)", []);
    }
}
