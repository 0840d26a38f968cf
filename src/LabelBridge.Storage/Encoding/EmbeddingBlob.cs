using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LabelBridge.Storage.Encoding;

/// <summary>Embedding vectors as stored: float32 little-endian, four bytes per dimension.</summary>
internal static class EmbeddingBlob
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
            return bytes;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    /// <summary>The vector, or null when the blob's length does not match <paramref name="dimensions"/>.</summary>
    public static float[]? FromBytes(ReadOnlySpan<byte> bytes, int dimensions)
    {
        if (dimensions < 0 || bytes.Length != (long)dimensions * sizeof(float))
        {
            return null;
        }

        var vector = new float[dimensions];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
            return vector;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return vector;
    }
}
