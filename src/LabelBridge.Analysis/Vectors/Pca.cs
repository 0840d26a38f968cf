using System.Buffers;
using System.Numerics.Tensors;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Vectors;

/// <summary>Principal component analysis of N×D rows: covariance by blocked dot products, eigenvectors by
/// seeded subspace iteration with a Rayleigh–Ritz step.</summary>
/// <remarks>The covariance is summed over a fixed number of partitions merged in order, so the result does not
/// depend on the thread count. Component signs are fixed (largest coefficient positive) so reruns agree.</remarks>
internal sealed class Pca
{
    private const int ChunkRows = 1024;
    private const int Partitions = 8;
    private const int Iterations = 10;

    private Pca(float[] mean, float[] components, int dimension, int componentCount)
    {
        Mean = mean;
        Components = components;
        Dimension = dimension;
        ComponentCount = componentCount;
    }

    public float[] Mean { get; }

    /// <summary>ComponentCount×D, one unit component per row, by decreasing variance.</summary>
    public float[] Components { get; }

    public int Dimension { get; }

    public int ComponentCount { get; }

    public static Pca Fit(float[] vectors, int count, int dimension, int componentCount, int seed, CancellationToken cancellationToken = default)
    {
        componentCount = Math.Clamp(componentCount, 1, dimension);
        var mean = ColumnMeans(vectors, count, dimension);
        var covariance = Covariance(vectors, count, dimension, mean, cancellationToken);
        var components = TopEigenvectors(covariance, dimension, componentCount, seed, cancellationToken);
        return new Pca(mean, components, dimension, componentCount);
    }

    /// <summary>Projects every row onto the components: N×ComponentCount.</summary>
    public float[] Transform(float[] vectors, int count, CancellationToken cancellationToken = default) =>
        Transform(FullRows.Of(vectors, count, Dimension), cancellationToken);

    /// <summary>Projects every row of <paramref name="vectors"/> (floats, or halves converted per block) onto the
    /// components: N×ComponentCount.</summary>
    public float[] Transform(FullRows vectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var count = vectors.Count;
        var result = new float[count * ComponentCount];
        var offsets = new float[ComponentCount];
        for (var c = 0; c < ComponentCount; c++)
        {
            offsets[c] = TensorPrimitives.Dot(Mean, Components.AsSpan(c * Dimension, Dimension));
        }

        var blocks = (count + ChunkRows - 1) / ChunkRows;
        // One scratch block per worker thread (used only when the rows are halves), not one per block.
        Parallel.For<float[]?>(0, blocks, AnalysisThreads.Options(cancellationToken), () => null, (block, _, scratch) =>
        {
            var start = block * ChunkRows;
            var rows = Math.Min(ChunkRows, count - start);
            var target = result.AsSpan(start * ComponentCount, rows * ComponentCount);
            DotKernel.Compute(vectors.Block(start, rows, ref scratch), rows, Components, ComponentCount, Dimension, target, ComponentCount);
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Subtract(target.Slice(r * ComponentCount, ComponentCount), offsets, target.Slice(r * ComponentCount, ComponentCount));
            }

            return scratch;
        }, _ => { });

        return result;
    }

    private static float[] ColumnMeans(float[] vectors, int count, int dimension)
    {
        var sum = new double[dimension];
        for (var i = 0; i < count; i++)
        {
            var row = vectors.AsSpan(i * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                sum[d] += row[d];
            }
        }

        var mean = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            mean[d] = count > 0 ? (float)(sum[d] / count) : 0f;
        }

        return mean;
    }

    // Σ (x - μ)(x - μ)ᵀ: each chunk of rows is centred and transposed to D×rows, so the chunk's Gram matrix is
    // a D×D block of dot products over rows — the same kernel as the neighbour search.
    private static double[] Covariance(float[] vectors, int count, int dimension, float[] mean, CancellationToken cancellationToken)
    {
        var partials = new double[Partitions][];
        var chunks = (count + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, Partitions, AnalysisThreads.Options(cancellationToken), partition =>
        {
            var sum = new double[dimension * dimension];
            var transposed = ArrayPool<float>.Shared.Rent(dimension * ChunkRows);
            var gram = ArrayPool<float>.Shared.Rent(dimension * dimension);
            try
            {
                for (var chunk = partition; chunk < chunks; chunk += Partitions)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var start = chunk * ChunkRows;
                    var rows = Math.Min(ChunkRows, count - start);
                    for (var r = 0; r < rows; r++)
                    {
                        var row = vectors.AsSpan((start + r) * dimension, dimension);
                        for (var d = 0; d < dimension; d++)
                        {
                            transposed[(d * rows) + r] = row[d] - mean[d];
                        }
                    }

                    var block = transposed.AsSpan(0, dimension * rows);
                    DotKernel.Compute(block, dimension, block, dimension, rows, gram, dimension);
                    for (var e = 0; e < sum.Length; e++)
                    {
                        sum[e] += gram[e];
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(transposed);
                ArrayPool<float>.Shared.Return(gram);
            }

            partials[partition] = sum;
        });

        var total = partials[0];
        for (var p = 1; p < Partitions; p++)
        {
            for (var e = 0; e < total.Length; e++)
            {
                total[e] += partials[p][e];
            }
        }

        return total;
    }

    private static float[] TopEigenvectors(double[] covariance, int dimension, int componentCount, int seed, CancellationToken cancellationToken)
    {
        var width = Math.Min(dimension, componentCount + 10);
        var random = new Random(seed);
        var basis = new double[width * dimension];
        for (var e = 0; e < basis.Length; e++)
        {
            basis[e] = random.NextDouble() - 0.5;
        }

        Orthonormalise(basis, width, dimension);
        var product = new double[width * dimension];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Multiply(covariance, basis, product, width, dimension);
            (basis, product) = (product, basis);
            Orthonormalise(basis, width, dimension);
        }

        // Rayleigh–Ritz: diagonalise the covariance restricted to the subspace, then rotate the basis.
        Multiply(covariance, basis, product, width, dimension);
        var small = new double[width * width];
        for (var a = 0; a < width; a++)
        {
            for (var b = 0; b < width; b++)
            {
                small[(a * width) + b] = Dot(basis.AsSpan(a * dimension, dimension), product.AsSpan(b * dimension, dimension));
            }
        }

        var (values, vectors) = SymmetricEigen.Solve(small, width);
        var order = new int[width];
        for (var i = 0; i < width; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => values[y].CompareTo(values[x]));
        var components = new float[componentCount * dimension];
        for (var c = 0; c < componentCount; c++)
        {
            var target = components.AsSpan(c * dimension, dimension);
            var column = order[c];
            for (var d = 0; d < dimension; d++)
            {
                var value = 0.0;
                for (var a = 0; a < width; a++)
                {
                    value += vectors[(a * width) + column] * basis[(a * dimension) + d];
                }

                target[d] = (float)value;
            }

            var largest = TensorPrimitives.IndexOfMaxMagnitude<float>(target);
            var scale = 1f / TensorPrimitives.Norm<float>(target) * (target[largest] < 0 ? -1f : 1f);
            TensorPrimitives.Multiply(target, scale, target);
        }

        return components;
    }

    private static void Multiply(double[] matrix, double[] basis, double[] destination, int width, int dimension)
    {
        Parallel.For(0, width, AnalysisThreads.Options(), v =>
        {
            var source = basis.AsSpan(v * dimension, dimension);
            var target = destination.AsSpan(v * dimension, dimension);
            for (var row = 0; row < dimension; row++)
            {
                target[row] = Dot(matrix.AsSpan(row * dimension, dimension), source);
            }
        });
    }

    private static void Orthonormalise(double[] basis, int width, int dimension)
    {
        for (var v = 0; v < width; v++)
        {
            var current = basis.AsSpan(v * dimension, dimension);
            for (var u = 0; u < v; u++)
            {
                var previous = basis.AsSpan(u * dimension, dimension);
                var projection = Dot(current, previous);
                TensorPrimitives.MultiplyAdd(previous, -projection, current, current);
            }

            var norm = TensorPrimitives.Norm<double>(current);
            if (norm < 1e-300)
            {
                current.Clear();
                current[v % dimension] = 1;
                norm = 1;
            }

            TensorPrimitives.Divide(current, norm, current);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Dot(a, b);
}
