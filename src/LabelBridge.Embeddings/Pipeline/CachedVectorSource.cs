using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Embedders;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>Rebuilds a sweep's rows from the embedding cache: finds the plan whose fingerprint the sweep recorded (the
/// configured embedder, or any candidate <c>auto</c> can choose), reads each part's vector by the same cache key the
/// sweep wrote, and composes the rows as <see cref="AnnotationEmbedder"/> does.</summary>
internal sealed class CachedVectorSource(EmbedderResolver resolver, ILabelBridgeStore store, IOptions<LabelBridgeOptions> options) : ICachedVectorSource
{
    private const int LookupChunk = 2_000;

    public async Task<CachedVectors> ReadAsync(string projectName, string modelFingerprint, ProjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(projectName, modelFingerprint, cancellationToken);
        if (plan is null)
        {
            return new CachedVectors(null, snapshot.Annotations.Count,
                $"The sweep's embedder (fingerprint {modelFingerprint}) is not one this worker can build any more (the model was removed or the crop settings changed), so its vectors cannot be read.");
        }

        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items)
        {
            items.TryAdd(item.Key, item);
        }

        // Images of a source that can change under one URL were cached under the version they were fetched at (see
        // PatchRunner); other sources never store a version, so their keys carry none.
        var versions = await store.GetImageVersionsAsync(
            items.Values.Select(i => CacheKeys.ImageKey(snapshot.Platform, i)).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var work = new List<PatchWork>(snapshot.Annotations.Count);
        foreach (var annotation in snapshot.Annotations)
        {
            if (items.TryGetValue(annotation.ItemKey, out var item))
            {
                var version = versions.GetValueOrDefault(CacheKeys.ImageKey(snapshot.Platform, item))?.Tag;
                work.Add(new PatchWork(work.Count, annotation, CacheKeys.For(snapshot.Platform, item, annotation, resolver.Crop, version)));
            }
        }

        var partRows = plan.Parts.Select(p => new float[work.Count * p.Dimension]).ToArray();
        var found = new int[work.Count];
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            for (var start = 0; start < work.Count; start += LookupChunk)
            {
                var chunk = work.GetRange(start, Math.Min(LookupChunk, work.Count - start));
                var cached = await store.GetEmbeddingsAsync(part.Fingerprint, chunk.Select(w => w.CacheKey).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
                foreach (var entry in chunk)
                {
                    if (cached.TryGetValue(entry.CacheKey, out var vector) && vector.Length == part.Dimension)
                    {
                        vector.CopyTo(partRows[p], entry.Index * part.Dimension);
                        found[entry.Index]++;
                    }
                }
            }
        }

        var keys = new List<string>(work.Count);
        var complete = found.Count(f => f == plan.Parts.Count);
        var vectors = new float[complete * plan.Dimension];
        foreach (var entry in work)
        {
            if (found[entry.Index] == plan.Parts.Count)
            {
                plan.ComposeRow(plan.Parts, partRows, entry.Index, vectors.AsSpan(keys.Count * plan.Dimension, plan.Dimension));
                keys.Add(entry.Annotation.Key);
            }
        }

        var missing = snapshot.Annotations.Count - keys.Count;
        return new CachedVectors(new EmbeddingSet(plan.Fingerprint, plan.Name, plan.Dimension, keys, vectors, 0, keys.Count, []), missing,
            keys.Count == 0 ? "None of the sweep's vectors are in the embedding cache any more; the next sweep will compute them again." : null);
    }

    private async Task<EmbedderPlan?> PlanAsync(string projectName, string fingerprint, CancellationToken cancellationToken)
    {
        var spec = options.Value.FindProject(projectName)?.Embedder ?? options.Value.Embedding.Embedder;
        if (!string.Equals(spec, "auto", StringComparison.OrdinalIgnoreCase))
        {
            var (configured, _) = await resolver.ResolveAsync(spec, cancellationToken);
            if (configured?.Fingerprint == fingerprint)
            {
                return configured;
            }
        }

        var (candidates, _) = await resolver.CandidatesAsync(cancellationToken);
        return candidates.FirstOrDefault(c => c.Fingerprint == fingerprint);
    }
}
