namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Reorders TensorFlow weight data into the layout its ONNX consumer expects (see <see cref="WeightLayout"/>).</summary>
/// <remarks>Works on the stored element type, so uint8 codes are rearranged without being dequantized.</remarks>
internal static class WeightArrangement
{
    public static (int[] Perm, long[] Dims) For(int[] shape, WeightLayout layout) => layout switch
    {
        WeightLayout.AsIs => (Identity(shape.Length), shape.Select(d => (long)d).ToArray()),
        WeightLayout.ConvKernel => ([3, 2, 0, 1], [shape[3], shape[2], shape[0], shape[1]]),
        WeightLayout.DepthwiseKernel => ([2, 3, 0, 1], [shape[2] * shape[3], 1, shape[0], shape[1]]),
        WeightLayout.ChannelVector => (Identity(shape.Length), [shape[^1], 1, 1]),
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    private static int[] Identity(int rank) => Enumerable.Range(0, rank).ToArray();

    /// <summary>Reorders a row-major array so that result axis i is source axis <paramref name="perm"/>[i].</summary>
    public static T[] Permute<T>(T[] source, int[] shape, int[] perm)
    {
        if (perm.SequenceEqual(Identity(perm.Length)))
        {
            return source;
        }

        var rank = shape.Length;
        var sourceStrides = new int[rank];
        var stride = 1;
        for (var axis = rank - 1; axis >= 0; axis--)
        {
            sourceStrides[axis] = stride;
            stride *= shape[axis];
        }

        var resultShape = perm.Select(p => shape[p]).ToArray();
        var result = new T[source.Length];
        var index = new int[rank];
        for (var flat = 0; flat < result.Length; flat++)
        {
            var sourceOffset = 0;
            for (var axis = 0; axis < rank; axis++)
            {
                sourceOffset += index[axis] * sourceStrides[perm[axis]];
            }

            result[flat] = source[sourceOffset];
            for (var axis = rank - 1; axis >= 0; axis--)
            {
                if (++index[axis] < resultShape[axis])
                {
                    break;
                }

                index[axis] = 0;
            }
        }

        return result;
    }
}
