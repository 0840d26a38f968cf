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
        var (keys, vectors) = Compose(plan, run, request.Annotations);
        IReadOnlyList<ReadProblem> problems = [.. choice.Problems, .. run.Problems];
        var sampled = Math.Min(choice.SamplePatchesEmbedded, run.CacheHits);
        var (embedded, hits) = (run.Embedded + sampled, run.CacheHits - sampled);
        Log.Embedded(logger, request.ProjectName, embedded, hits, problems.Count);
        return new EmbeddingSet(plan.Fingerprint, choice.Description, plan.Dimension, keys, vectors, embedded, hits, problems);
    }

    /// <summary>The set's rows, in the run's own buffer (<see cref="EmbedderPlan.ComposeInPlace"/>): no second N×D array is
    /// made (at 100k rows of pixel + the default model that copy was 429 MB), except to trim the buffer when rows failed.</summary>
    private static (List<string> Keys, float[] Vectors) Compose(EmbedderPlan plan, PatchRunResult run, IReadOnlyList<Annotation> annotations)
    {
        if (run.Width != plan.Dimension)
        {
            throw new InvalidOperationException($"The run's rows are {run.Width} wide, not the {plan.Dimension} of {plan.Name}.");
        }

        var keys = new List<string>(annotations.Count);
        for (var i = 0; i < annotations.Count; i++)
        {
            if (run.HasRow[i])
            {
                keys.Add(annotations[i].Key);
            }
        }

        return (keys, plan.ComposeInPlace(run.Rows, run.HasRow));
    }

    private async Task<EmbedderChoice> ResolveAsync(string spec, CancellationToken cancellationToken)
    {
        var (plan, problem) = await resolver.ResolveAsync(spec, cancellationToken);
        return plan is null
            ? new EmbedderChoice(null, $"{spec}: unusable", [problem!])
            : new EmbedderChoice(plan, $"{plan.Name} (configured)", []);
    }
}
