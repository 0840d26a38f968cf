using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Host.Web.Triage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LabelBridge.Host.Web.Similar;

/// <summary>"More like this" (as FiftyOne's patch similarity): the patches of a sweep most similar to one patch, by
/// cosine over the vectors the sweep analysed.</summary>
internal static class SimilarPatchEndpoints
{
    public const int DefaultCount = 50;

    public const int MaxCount = 1_000;

    public static IServiceCollection AddSimilarPatches(this IServiceCollection services) => services.AddSingleton<SweepSimilarities>();

    public static RouteGroupBuilder MapSimilarPatchEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sweeps/{sweepId:long}/similar", SimilarAsync)
            .WithSummary("The k patches of the sweep most similar to one annotation's patch (cosine; exact up to ExactSearchLimit, HNSW above), most similar first, optionally only those at or above minSimilarity");
        api.MapPost("/sweeps/{sweepId:long}/similar/warm", WarmAsync)
            .WithSummary("Reads the sweep's vectors back from the embedding cache and indexes them now (the triage page asks when it opens a sweep), so the first 'more like this' answers at once");
        return api;
    }

    // The first answer for a large sweep waits for its vectors to be read back from the cache (seconds at 100k rows, see
    // bench/RESULTS.md); the page asks for this as soon as it opens a sweep, before a reviewer can ask for similar patches.
    private static async Task<Results<NoContent, ProblemHttpResult>> WarmAsync(long sweepId, TriageSweeps sweeps, SweepSimilarities similarities, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var (_, unreadable) = await similarities.LoadAsync(sweep, cancellationToken);
        return unreadable is null ? TypedResults.NoContent() : TypedResults.Problem(unreadable);
    }

    private static async Task<Results<Ok<SimilarPatchesView>, ProblemHttpResult>> SimilarAsync(
        long sweepId, string? annotation, int? k, double? minSimilarity, TriageSweeps sweeps, SweepSimilarities similarities, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(annotation))
        {
            return TypedResults.Problem(TriageSweeps.Problem(400, "Say which patch: ?annotation=<annotation key>."));
        }

        if (k is < 1 or > MaxCount)
        {
            return TypedResults.Problem(TriageSweeps.Problem(400, $"k must be between 1 and {MaxCount}; it was {k}."));
        }

        if (minSimilarity is { } min && !(min is >= -1 and <= 1))
        {
            return TypedResults.Problem(TriageSweeps.Problem(400, $"minSimilarity is a cosine similarity between -1 and 1; it was {min.ToString(CultureInfo.InvariantCulture)}."));
        }

        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var snapshot = await sweep.SnapshotAsync(cancellationToken);
        if (!snapshot.Annotations.ContainsKey(annotation))
        {
            return TypedResults.Problem(TriageSweeps.Problem(404, $"Annotation {annotation} is not in sweep {sweepId}."));
        }

        var (similarity, unreadable) = await similarities.LoadAsync(sweep, cancellationToken);
        if (similarity is null)
        {
            return TypedResults.Problem(unreadable!);
        }

        if (similarity.Find(annotation) is not { } found)
        {
            return TypedResults.Problem(TriageSweeps.Problem(409,
                $"Annotation {annotation} has no vector in sweep {sweepId}: its patch could not be embedded (see the sweep's problems) or its vector left the embedding cache."));
        }

        var method = found.Index.Index.Method;
        var nearest = found.Index.Index.Nearest(found.Row, k ?? DefaultCount);
        var items = new List<SimilarPatchView>(nearest.Count);
        foreach (var (row, sim) in nearest)
        {
            if (minSimilarity is { } floor && sim < floor)
            {
                break;
            }

            var key = found.Index.Keys[row];
            var finding = sweep.FindingsByAnnotation.GetValueOrDefault(key);
            items.Add(new SimilarPatchView(key, Math.Round(sim, 5), snapshot.Annotations.GetValueOrDefault(key)?.Label ?? "", finding?.Key, finding?.Kind, finding?.Score));
        }

        return TypedResults.Ok(new SimilarPatchesView(annotation, found.Population, similarity.Embedder, method, found.Index.Index.Count, similarity.Missing, items));
    }
}

/// <summary>The answer of "more like this".</summary>
/// <param name="AnnotationKey">The patch asked about (never among <paramref name="Items"/>).</param>
/// <param name="Population">Which population was searched: objects or image-labels.</param>
/// <param name="Embedder">The embedder whose vectors were compared.</param>
/// <param name="Method">exact, hnsw, or exact while the HNSW index of a large sweep is still being built.</param>
/// <param name="Searched">Patches in the population searched.</param>
/// <param name="MissingVectors">Annotations of the sweep without a vector (not searchable).</param>
/// <param name="Items">Most similar first.</param>
internal sealed record SimilarPatchesView(
    string AnnotationKey, string Population, string Embedder, string Method, int Searched, int MissingVectors, IReadOnlyList<SimilarPatchView> Items);

internal sealed record SimilarPatchView(string AnnotationKey, double Similarity, string Label, string? FindingKey, FindingKind? Kind, double? Score);
