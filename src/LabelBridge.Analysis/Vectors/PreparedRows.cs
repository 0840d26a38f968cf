using System.Globalization;
using System.Numerics.Tensors;

namespace LabelBridge.Analysis.Vectors;

/// <summary>The rows of an input that can take part in a neighbour analysis: finite, non-zero, unit length, unique key.</summary>
/// <remarks>The input array is used as it is when every row is fine; otherwise the good rows are copied (and
/// re-normalised) into a new array, so a bad vector costs a note instead of an exception.</remarks>
internal sealed class PreparedRows
{
    private PreparedRows(float[] vectors, int dimension, int[] sourceRows, List<string> notes)
    {
        Vectors = vectors;
        Dimension = dimension;
        SourceRows = sourceRows;
        Notes = notes;
    }

    public float[] Vectors { get; }

    public int Dimension { get; }

    /// <summary>Prepared row r is input row SourceRows[r].</summary>
    public int[] SourceRows { get; }

    public int Count => SourceRows.Length;

    public List<string> Notes { get; }

    public ReadOnlySpan<float> Row(int row) => Vectors.AsSpan(row * Dimension, Dimension);

    /// <summary>The same rows projected on their top <paramref name="components"/> principal components (centred, then
    /// each row L2-normalised again): N×components instead of N×D, same row order and notes.</summary>
    /// <remarks>A row with nothing left after the projection (orthogonal to every kept component) stays zero: it then
    /// has similarity 0 to everything instead of a NaN.</remarks>
    public PreparedRows Reduced(int components, int seed, CancellationToken cancellationToken = default)
    {
        var pca = Pca.Fit(Vectors, Count, Dimension, components, seed, cancellationToken);
        return Projected(pca, FullRows.Of(Vectors, Count, Dimension), SourceRows, Notes, cancellationToken);
    }

    /// <summary>Rows <paramref name="full"/> projected on <paramref name="pca"/>'s components (centred, then each row
    /// L2-normalised again), as <see cref="Reduced"/> does; the rows may be held as halves.</summary>
    public static PreparedRows Projected(Pca pca, FullRows full, int[] sourceRows, List<string> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pca);
        ArgumentNullException.ThrowIfNull(full);
        var reduced = pca.Transform(full, cancellationToken);
        var width = pca.ComponentCount;
        var count = full.Count;
        for (var r = 0; r < count; r++)
        {
            var row = reduced.AsSpan(r * width, width);
            var norm = TensorPrimitives.Norm<float>(row);
            if (norm > 1e-12f)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
            else
            {
                row.Clear();
            }
        }

        return new PreparedRows(reduced, width, sourceRows, notes);
    }

    public static PreparedRows From(AnalysisInput input)
    {
        var notes = new List<string>();
        var dimension = input.Dimension;
        if (input.Labels.Count != input.Count)
        {
            throw new ArgumentException("Every annotation key needs exactly one label.", nameof(input));
        }

        if (dimension <= 0 || input.Vectors.Length != input.Count * dimension)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The vectors do not match the annotations ({input.Vectors.Length} floats for {input.Count} annotations of dimension {dimension}); the neighbour analysis was skipped."));
            return new PreparedRows([], Math.Max(dimension, 1), [], notes);
        }

        var keep = new List<int>(input.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var needsCopy = false;
        int invalid = 0, duplicates = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var row = input.Vectors.AsSpan(i * dimension, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (!float.IsFinite(norm) || norm < 1e-6f)
            {
                invalid++;
                needsCopy = true;
                continue;
            }

            if (!seen.Add(input.AnnotationKeys[i]))
            {
                duplicates++;
                needsCopy = true;
                continue;
            }

            needsCopy |= MathF.Abs(norm - 1f) > 1e-3f;
            keep.Add(i);
        }

        if (invalid > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{invalid} annotation(s) had an empty or non-finite embedding and were left out of the neighbour analysis."));
        }

        if (duplicates > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{duplicates} row(s) repeated an annotation key already seen; only the first row of each key was analysed."));
        }

        var sourceRows = keep.ToArray();
        if (!needsCopy)
        {
            return new PreparedRows(input.Vectors, dimension, sourceRows, notes);
        }

        var vectors = new float[sourceRows.Length * dimension];
        for (var r = 0; r < sourceRows.Length; r++)
        {
            var source = input.Vectors.AsSpan(sourceRows[r] * dimension, dimension);
            var target = vectors.AsSpan(r * dimension, dimension);
            TensorPrimitives.Divide(source, TensorPrimitives.Norm(source), target);
        }

        return new PreparedRows(vectors, dimension, sourceRows, notes);
    }
}
