using System.Numerics.Tensors;

namespace LabelBridge.Embeddings.Embedders;

internal static class VectorMath
{
    /// <summary>Scales <paramref name="row"/> to unit length; an all-zero row stays zero.</summary>
    public static void NormalizeInPlace(Span<float> row)
    {
        var norm = TensorPrimitives.Norm(row);
        if (norm > 1e-12f)
        {
            TensorPrimitives.Divide(row, norm, row);
        }
    }
}
