using System.Globalization;
using System.Runtime.InteropServices;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>A random uint8-quantized weight, as tfjs stores it, with its dequantized values for the reference.</summary>
/// <remarks>With <paramref name="StoredAsFloat32"/> the package holds the dequantized values as plain float32 instead.</remarks>
internal sealed record QuantizedWeight(string Name, int[] Shape, byte[] Codes, float Scale, float Min, bool StoredAsFloat32 = false)
{
    public float[] Values => Codes.Select(q => (q * Scale) + Min).ToArray();

    public byte[] StoredBytes => StoredAsFloat32 ? MemoryMarshal.AsBytes(Values.AsSpan()).ToArray() : Codes;

    public static QuantizedWeight Random(Random random, string name, int[] shape, float min, float max)
    {
        var count = shape.Aggregate(1, (product, dim) => product * dim);
        var codes = new byte[count];
        random.NextBytes(codes);
        return new QuantizedWeight(name, shape, codes, (max - min) / 255f, min);
    }

    public string ManifestEntry() => StoredAsFloat32
        ? $$"""{"name":"{{Name}}","shape":[{{string.Join(',', Shape)}}],"dtype":"float32"}"""
        : string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"name":"{{{Name}}}","shape":[{{{string.Join(',', Shape)}}}],"dtype":"float32","quantization":{"min":{{{Min:R}}},"scale":{{{Scale:R}}},"dtype":"uint8"}}""");
}
