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

        // Each part's rows are read straight into one buffer (row i = work item i), in the order the store keeps them.
        var partRows = plan.Parts.Select(p => new float[work.Count * p.Dimension]).ToArray();
        var found = new int[work.Count];
        var cacheKeys = work.ConvertAll(w => w.CacheKey);
        var partFound = new bool[work.Count];
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            Array.Clear(partFound);
            await store.ReadEmbeddingsIntoAsync(part.Fingerprint, cacheKeys, part.Dimension, partRows[p], partFound, cancellationToken);
            for (var i = 0; i < work.Count; i++)
            {
                if (partFound[i])
                {
                    found[i]++;
                }
            }
        }

        var keys = new List<string>(work.Count);
        var complete = found.Count(f => f == plan.Parts.Count);
        if (plan.Parts.Count == 1 && complete == work.Count && complete > 0)
        {
            // One part (scale 1) and every row found: the rows as read are the sweep's rows; no second copy of them.
            keys.AddRange(work.Select(w => w.Annotation.Key));
            return new CachedVectors(new EmbeddingSet(plan.Fingerprint, plan.Name, plan.Dimension, keys, partRows[0], 0, keys.Count, []), snapshot.Annotations.Count - keys.Count, null);
        }

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
