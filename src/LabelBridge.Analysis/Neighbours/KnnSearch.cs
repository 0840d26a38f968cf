namespace LabelBridge.Analysis.Neighbours;

/// <summary>Chooses the neighbour search: exact up to a size limit, HNSW above it.</summary>
/// <remarks>The HNSW beam width is sized for <c>beamNeighbours</c> (4k, at least 64), so searching more neighbours
/// than that (for the outlier score) leaves the nearest ones exactly what a search for beamNeighbours finds.</remarks>
internal static class KnnSearch
{
    public static KnnGraph Build(float[] vectors, int count, int dimension, int neighbourCount, int exactLimit, int seed, int beamNeighbours) =>
        count <= exactLimit
            ? ExactKnn.Build(vectors, count, dimension, neighbourCount)
            : Hnsw.Build(vectors, count, dimension, seed: seed).Neighbours(neighbourCount, ef: Math.Max(64, 4 * beamNeighbours));
}
