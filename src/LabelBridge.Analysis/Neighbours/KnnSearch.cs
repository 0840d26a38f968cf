namespace LabelBridge.Analysis.Neighbours;

/// <summary>Chooses the neighbour search: exact up to a size limit, HNSW above it.</summary>
internal static class KnnSearch
{
    public static KnnGraph Build(float[] vectors, int count, int dimension, int neighbourCount, int exactLimit, int seed) =>
        count <= exactLimit
            ? ExactKnn.Build(vectors, count, dimension, neighbourCount)
            : Hnsw.Build(vectors, count, dimension, seed: seed).Neighbours(neighbourCount, ef: Math.Max(64, 4 * neighbourCount));
}
