using System.Numerics.Tensors;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Vectors;

/// <summary>The analysed rows at full dimension, as the parts that still read them after the neighbour search (the
/// outliers' re-measure, the mislabel classifier) see them: row by row, as floats.</summary>
/// <remarks>Above the exact-search limit they are held as <see cref="Half"/> (<see cref="AsHalf"/>): half the memory
/// (512 MB instead of 1 GB at a million 256-d rows), and the float array they were converted from can be collected
/// before the neighbour search instead of living to the end of the classifier. A unit-length component is rounded by at
/// most 2^-12 of its size, so cosines move by about 1e-4 and the classifier's inputs by less than its own spread
/// (bench/RESULTS.md, "1M cold sweep within 3 GiB"). The rows are converted back per row into the reader's scratch.
/// Either way the same input gives the same rows on any machine: the conversion is element-wise and rounds to nearest.</remarks>
internal sealed class FullRows
{
    private const int BlockRows = 1024;

    private readonly float[]? _singles;
    private readonly Half[]? _halves;
    private readonly int[]? _map;

    private FullRows(float[]? singles, Half[]? halves, int count, int dimension, int[]? map)
    {
        _singles = singles;
        _halves = halves;
        _map = map;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>Rows in the analysis' order (row r of the map-less form, or row <c>map[r]</c> of the array).</summary>
    public int Count { get; }

    public int Dimension { get; }

    /// <summary>True when the rows are held as <see cref="Half"/>.</summary>
    public bool IsHalf => _halves is not null;

    /// <summary>The caller's first <paramref name="count"/> float rows, read where they are.</summary>
    public static FullRows Of(float[] vectors, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count * dimension, vectors.Length, nameof(count));
        return new FullRows(vectors, null, count, dimension, null);
    }

    /// <summary>The caller's float rows, read where they are: row r is <paramref name="vectors"/> row <paramref name="map"/>[r].</summary>
    public static FullRows Mapped(float[] vectors, int dimension, int[] map)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        return new FullRows(vectors, null, map.Length, dimension, map);
    }

    /// <summary>The rows of <paramref name="vectors"/> (N×<paramref name="dimension"/>) copied into half precision;
    /// nothing here references <paramref name="vectors"/> afterwards.</summary>
    public static FullRows AsHalf(float[] vectors, int dimension, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var count = vectors.Length / dimension;
        var halves = new Half[count * dimension];
        Parallel.For(0, (count + BlockRows - 1) / BlockRows, AnalysisThreads.Options(cancellationToken), block =>
        {
            var start = block * BlockRows * dimension;
            var length = Math.Min(count * dimension, (block + 1) * BlockRows * dimension) - start;
            TensorPrimitives.ConvertToHalf(vectors.AsSpan(start, length), halves.AsSpan(start, length));
        });

        return new FullRows(null, halves, count, dimension, null);
    }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="rows"/> as contiguous floats: a
    /// view of the caller's array (map-less form), or converted into <paramref name="scratch"/> (allocated on first use).</summary>
    public ReadOnlySpan<float> Block(int start, int rows, ref float[]? scratch)
    {
        if (_singles is not null && _map is null)
        {
            return _singles.AsSpan(start * Dimension, rows * Dimension);
        }

        if (scratch is null || scratch.Length < rows * Dimension)
        {
            scratch = new float[rows * Dimension];
        }

        var destination = scratch.AsSpan(0, rows * Dimension);
        for (var r = 0; r < rows; r++)
        {
            var target = destination.Slice(r * Dimension, Dimension);
            var row = Row(start + r, target);
            if (_halves is null)
            {
                row.CopyTo(target);
            }
        }

        return destination;
    }

    /// <summary>Row <paramref name="row"/> as floats: a view of the caller's array, or converted into
    /// <paramref name="scratch"/> (at least <see cref="Dimension"/> long) when held as halves.</summary>
    public ReadOnlySpan<float> Row(int row, Span<float> scratch)
    {
        var at = (_map is null ? row : _map[row]) * Dimension;
        if (_singles is not null)
        {
            return _singles.AsSpan(at, Dimension);
        }

        var destination = scratch[..Dimension];
        TensorPrimitives.ConvertToSingle(_halves.AsSpan(at, Dimension), destination);
        return destination;
    }
}
