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

        // The rows are read into one buffer laid out as the plan's parts side by side (row i = work item i), then composed
        // where they are: one part is read straight into it; with more, each part is read into its own buffer and copied
        // into place, and that buffer let go before the next part.
        var layout = new RowLayout(plan.Parts);
        var rows = new float[work.Count * layout.Width];
        var found = new int[work.Count];
        var cacheKeys = work.ConvertAll(w => w.CacheKey);
        var partFound = new bool[work.Count];
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            Array.Clear(partFound);
            var partRows = plan.Parts.Count == 1 ? rows : new float[work.Count * part.Dimension];
            await store.ReadEmbeddingsIntoAsync(part.Fingerprint, cacheKeys, part.Dimension, partRows, partFound, cancellationToken);
            for (var i = 0; i < work.Count; i++)
            {
                if (partFound[i])
                {
                    found[i]++;
                    if (!ReferenceEquals(partRows, rows))
                    {
                        partRows.AsSpan(i * part.Dimension, part.Dimension).CopyTo(rows.AsSpan(layout.Start(i, p), part.Dimension));
                    }
                }
            }
        }

        var present = Array.ConvertAll(found, f => f == plan.Parts.Count);
        var keys = work.Where(w => present[w.Index]).Select(w => w.Annotation.Key).ToList();
        var vectors = keys.Count == 0 ? [] : plan.ComposeInPlace(rows, present);
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
