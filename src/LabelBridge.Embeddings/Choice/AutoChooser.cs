using System.Globalization;
using System.Text;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Embedders;
using LabelBridge.Embeddings.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Choice;

/// <summary>Mode <c>auto</c>: embeds a seeded sample of the project with every candidate's parts at once, scores each
/// candidate by leave-one-out kNN agreement with the project's labels, and picks the best (a tie within 0.005 goes to
/// the combination), sticking to the previous choice unless another candidate beats it by more than the switch margin.</summary>
/// <remarks>The sample's vectors land in the cache, so the chosen candidate's full run starts with them as hits.</remarks>
internal sealed class AutoChooser
{
    private const int Neighbours = 10;
    private const int MinimumSample = 20;

    /// <summary>Agreements closer than this are a tie on a sample of this size; a tie goes to the candidate with more parts.</summary>
    private const double TieMargin = 0.005;

    private readonly EmbedderResolver resolver;
    private readonly PatchRunner runner;
    private readonly ChoiceMemory memory;
    private readonly EmbeddingOptions embedding;
    private readonly ProjectsOptions projects;
    private readonly ILogger<AutoChooser> logger;

    public AutoChooser(
        EmbedderResolver resolver, PatchRunner runner, ChoiceMemory memory,
        IOptions<EmbeddingOptions> embedding, IOptions<ProjectsOptions> projects, ILogger<AutoChooser> logger)
    {
        this.resolver = resolver;
        this.runner = runner;
        this.memory = memory;
        this.embedding = embedding.Value;
        this.projects = projects.Value;
        this.logger = logger;
    }

    public async Task<EmbedderChoice> ChooseAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        var (candidates, problems) = await resolver.CandidatesAsync(cancellationToken);
        foreach (var problem in problems)
        {
            Log.ModelUnusable(logger, problem.Subject, problem.Reason);
        }

        if (candidates.Count == 1)
        {
            return new EmbedderChoice(candidates[0], $"auto: {candidates[0].Name}, the only candidate (no usable model in the model directory)", problems);
        }

        var (previous, sequence) = await memory.ReadAsync(request.Platform, request.ProjectName, candidates, cancellationToken);
        var sample = Sample(request);
        var parts = candidates.SelectMany(c => c.Parts).Distinct().ToList();
        var run = await runner.RunAsync(parts, resolver.Crop, request, sample, null, cancellationToken);
        var (rowIndices, labels) = LabelledRows(sample, run.HasRow);
        if (rowIndices.Count < MinimumSample || labels.Distinct().Count() < 2)
        {
            var fallback = previous ?? candidates.FirstOrDefault(c => c.Parts.Count == 1 && c.Name == Core.Embedding.Models.ModelContract.DefaultModelName) ?? candidates[0];
            return new EmbedderChoice(
                fallback,
                $"auto: {fallback.Name} (too few labelled patches to compare candidates: {rowIndices.Count} in {labels.Distinct().Count()} labels)",
                problems,
                run.Embedded);
        }

        var scores = candidates.Select(c => new CandidateScore(c, Score(c, parts, run, rowIndices, labels))).ToList();
        var best = Best(scores);
        var kept = previous is null ? null : scores.First(s => ReferenceEquals(s.Plan, previous));
        var chosen = kept is not null && kept.Agreement >= best.Agreement - embedding.AutoSwitchMargin ? kept : best;
        if (!ReferenceEquals(chosen.Plan, previous))
        {
            await memory.WriteAsync(request.Platform, request.ProjectName, chosen, sequence + 1, cancellationToken);
        }

        var description = Describe(chosen, kept, scores, rowIndices.Count);
        Log.AutoChose(logger, request.ProjectName, chosen.Plan.Name, description);
        return new EmbedderChoice(chosen.Plan, description, problems, run.Embedded);
    }

    /// <summary>The highest agreement, except that among candidates tied with it a combination wins: it keeps what each
    /// of its parts sees, so it degrades more gracefully when later data differs from the sample.</summary>
    private static CandidateScore Best(List<CandidateScore> scores)
    {
        var top = scores.Max(s => s.Agreement);
        return scores
            .Where(s => s.Agreement >= top - TieMargin)
            .OrderByDescending(s => s.Plan.Parts.Count)
            .ThenByDescending(s => s.Agreement)
            .First();
    }

    private List<Annotation> Sample(EmbeddingRequest request)
    {
        var pool = request.Annotations.Where(a => !a.IsImageLevel).ToList();
        if (pool.Count == 0)
        {
            pool = [.. request.Annotations];
        }

        var seed = projects.Find(request.ProjectName)?.Thresholds.Seed ?? 42;
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool));
        return pool.Count > embedding.AutoSampleSize ? pool.GetRange(0, embedding.AutoSampleSize) : pool;
    }

    private static (List<int> Rows, List<int> Labels) LabelledRows(List<Annotation> sample, bool[] hasRow)
    {
        var labelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<int>();
        var labels = new List<int>();
        for (var i = 0; i < sample.Count; i++)
        {
            if (hasRow[i])
            {
                rows.Add(i);
                labels.Add(labelIds.TryGetValue(sample[i].Label, out var id) ? id : labelIds[sample[i].Label] = labelIds.Count);
            }
        }

        return (rows, labels);
    }

    private static double Score(EmbedderPlan candidate, List<IPatchEmbedder> parts, PatchRunResult run, List<int> rows, List<int> labels)
    {
        var matrix = new float[rows.Count * candidate.Dimension];
        for (var r = 0; r < rows.Count; r++)
        {
            candidate.ComposeRow(parts, run.Rows.AsSpan(rows[r] * run.Width, run.Width), matrix.AsSpan(r * candidate.Dimension, candidate.Dimension));
        }

        return KnnAgreement.Score(matrix, candidate.Dimension, labels, Neighbours);
    }

    private static string Describe(CandidateScore chosen, CandidateScore? kept, List<CandidateScore> scores, int sampled)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"auto: {chosen.Plan.Name} ({Neighbours}-NN label agreement {chosen.Agreement:0.000} on {sampled} sampled patches");
        if (ReferenceEquals(chosen, kept))
        {
            text.Append("; kept from the previous sweep");
        }

        text.Append("). Candidates: ");
        text.AppendJoin(", ", scores.OrderByDescending(s => s.Agreement).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Plan.Name} {s.Agreement:0.000}")));
        return text.ToString();
    }
}
