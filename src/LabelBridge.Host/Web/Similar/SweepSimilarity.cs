using LabelBridge.Analysis.Neighbours;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Web.Similar;

/// <summary>One finished sweep's vectors, indexed per population (object crops and image-level labels are never each
/// other's neighbours, as in the sweep's own analysis).</summary>
internal sealed class SweepSimilarity(IReadOnlyDictionary<string, PopulationIndex> populations, int missing, string embedder)
{
    /// <summary>Annotations of the sweep with no cached vector (evicted, or never embedded).</summary>
    public int Missing { get; } = missing;

    /// <summary>The embedder whose vectors are searched.</summary>
    public string Embedder { get; } = embedder;

    /// <summary>The total number of floats held, for the cache's size accounting.</summary>
    public long Floats { get; } = populations.Values.Sum(p => (long)p.Index.Count * p.Dimension);

    /// <summary>The population and row of an annotation, or null when it has no vector in this sweep.</summary>
    public (string Population, PopulationIndex Index, int Row)? Find(string annotationKey)
    {
        foreach (var (population, index) in populations)
        {
            if (index.RowOf.TryGetValue(annotationKey, out var row))
            {
                return (population, index, row);
            }
        }

        return null;
    }

    /// <summary>Starts every population's index; the names are <see cref="PlotPoint.Objects"/> and <see cref="PlotPoint.ImageLabels"/>.</summary>
    public static SweepSimilarity Of(Core.Embedding.EmbeddingSet embeddings, IReadOnlySet<string> imageLevel, int missing, int exactLimit, int seed)
    {
        var dimension = embeddings.Dimension;
        var objects = new List<int>(embeddings.AnnotationKeys.Count);
        var images = new List<int>();
        for (var i = 0; i < embeddings.AnnotationKeys.Count; i++)
        {
            (imageLevel.Contains(embeddings.AnnotationKeys[i]) ? images : objects).Add(i);
        }

        var populations = new Dictionary<string, PopulationIndex>(StringComparer.Ordinal);
        foreach (var (name, rows) in new[] { (PlotPoint.Objects, objects), (PlotPoint.ImageLabels, images) })
        {
            if (rows.Count == 0)
            {
                continue;
            }

            // One population (the usual case) searches the rows as read; two get a copy each, contiguous.
            var vectors = rows.Count == embeddings.AnnotationKeys.Count ? embeddings.Vectors : Gather(embeddings, rows);
            var keys = rows.Select(r => embeddings.AnnotationKeys[r]).ToArray();
            populations[name] = new PopulationIndex(SimilarityIndex.Create(vectors, rows.Count, dimension, exactLimit, seed), keys, dimension);
        }

        return new SweepSimilarity(populations, missing, embeddings.EmbedderDescription);
    }

    private static float[] Gather(Core.Embedding.EmbeddingSet embeddings, List<int> rows)
    {
        var dimension = embeddings.Dimension;
        var vectors = new float[rows.Count * dimension];
        for (var r = 0; r < rows.Count; r++)
        {
            embeddings.Row(rows[r]).CopyTo(vectors.AsSpan(r * dimension, dimension));
        }

        return vectors;
    }
}

/// <summary>The index of one population, with its row keys.</summary>
internal sealed class PopulationIndex(SimilarityIndex index, string[] keys, int dimension)
{
    public SimilarityIndex Index { get; } = index;

    public IReadOnlyList<string> Keys { get; } = keys;

    public int Dimension { get; } = dimension;

    public IReadOnlyDictionary<string, int> RowOf { get; } = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
}
