namespace LabelBridge.Analysis.Neighbours;

/// <summary>Chooses the neighbour search: exact up to a size limit, HNSW above it.</summary>
/// <remarks>The HNSW beam width is sized for <c>beamNeighbours</c> (4k, at least 64), so searching more neighbours
/// than that (for the outlier score) leaves the nearest ones exactly what a search for beamNeighbours finds.
/// The limit is a cost: an exact search of <c>exactLimit</c> rows at the embeddings' full dimension. Rows reduced to
/// fewer dimensions (principal components, above the limit) keep the exact search while it costs no more than that,
/// N² × d ≤ limit² × D: 100,000 rows at 64 of 256 dimensions, about 178,000 at 64 of 816. There the exact search is
/// both cheaper and better than the approximate one (bench/RESULTS.md, "Sweeps at scale").</remarks>
internal static class KnnSearch
{
    public static KnnGraph Build(
        float[] vectors, int count, int dimension, int neighbourCount, int exactLimit, int seed, int beamNeighbours, int fullDimension = 0,
        CancellationToken cancellationToken = default) =>
        IsExact(count, dimension, fullDimension, exactLimit)
            ? ExactKnn.Build(vectors, count, dimension, neighbourCount, cancellationToken: cancellationToken)
            : Hnsw.Build(vectors, count, dimension, seed: seed, cancellationToken: cancellationToken)
                .Neighbours(neighbourCount, ef: Math.Max(64, 4 * beamNeighbours), cancellationToken);

    /// <summary>Whether <see cref="Build"/> searches exactly.</summary>
    /// <param name="count">Rows searched.</param>
    /// <param name="dimension">Their dimension as searched.</param>
    /// <param name="fullDimension">The embeddings' dimension before any reduction; 0 or less when not reduced.</param>
    /// <param name="exactLimit">The project's <c>ExactSearchLimit</c>.</param>
    public static bool IsExact(int count, int dimension, int fullDimension, int exactLimit) =>
        count <= exactLimit
        || (fullDimension > dimension && (double)count * count * dimension <= (double)exactLimit * exactLimit * fullDimension);
}
