using System.Numerics.Tensors;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Bench.Analysis;

/// <summary>The vector sets the benches run on: raw pixels and their PCA, each L2-normalised.</summary>
internal static class Representations
{
    public static float[] Normalised(float[] rows, int dimension)
    {
        var copy = (float[])rows.Clone();
        NormaliseInPlace(copy, dimension);
        return copy;
    }

    public static float[] PcaNormalised(float[] rows, int count, int dimension, int components, int seed)
    {
        var pca = Pca.Fit(rows, count, dimension, components, seed);
        var projected = pca.Transform(rows, count);
        NormaliseInPlace(projected, components);
        return projected;
    }

    public static void NormaliseInPlace(float[] rows, int dimension)
    {
        for (var i = 0; i < rows.Length / dimension; i++)
        {
            var row = rows.AsSpan(i * dimension, dimension);
            var norm = TensorPrimitives.Norm<float>(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }
    }

    /// <summary>Reads N×D little-endian float32 rows written by another tool.</summary>
    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }

    public static int[] ReadInts(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var ints = new int[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, ints, 0, ints.Length * 4);
        return ints;
    }

    public static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }
}
