using System.Runtime.InteropServices;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>One weight of a converter-written model: float32 values stored as float16 (as the Human package stores them) or an
/// int32 constant (permutations, paddings, axes).</summary>
internal sealed record ConvertedWeight(string Name, int[] Shape, float[]? Values, int[]? Integers)
{
    /// <summary>Random values already rounded to float16, so the reference computes with exactly what the file holds.</summary>
    public static ConvertedWeight RandomHalf(Random random, string name, int[] shape, float min, float max)
    {
        var values = new float[shape.Aggregate(1, (product, dim) => product * dim)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Half)(min + (random.NextSingle() * (max - min)));
        }

        return new ConvertedWeight(name, shape, values, null);
    }

    public static ConvertedWeight Half(string name, params float[] values) => new(name, values.Length == 1 ? [] : [values.Length], values, null);

    public static ConvertedWeight Int32(string name, int[] shape, params int[] values) => new(name, shape, null, values);

    public byte[] StoredBytes => Integers is { } integers
        ? MemoryMarshal.AsBytes(integers.AsSpan()).ToArray()
        : MemoryMarshal.AsBytes(Values!.Select(v => (Half)v).ToArray().AsSpan()).ToArray();

    public string ManifestEntry() => Integers is not null
        ? $$"""{"name":"{{Name}}","shape":[{{string.Join(',', Shape)}}],"dtype":"int32"}"""
        : $$$"""{"name":"{{{Name}}}","shape":[{{{string.Join(',', Shape)}}}],"dtype":"float32","quantization":{"dtype":"float16","original_dtype":"float32"}}""";
}

/// <summary>Writes a model the way the tfjs converter does and the Human package ships it: <c>&lt;name&gt;.json</c> + one <c>.bin</c>.</summary>
internal static class ConvertedPackageWriter
{
    public static string Write(string directory, string name, string topologyJson, IReadOnlyList<ConvertedWeight> weights)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name + ".bin"), [.. weights.SelectMany(w => w.StoredBytes)]);
        var entries = string.Join(',', weights.Select(w => w.ManifestEntry()));
        var json = "{\"format\":\"graph-model\",\"generatedBy\":\"test\",\"modelTopology\":" + topologyJson
            + ",\"weightsManifest\":[{\"paths\":[\"" + name + ".bin\"],\"weights\":[" + entries + "]}]}";
        var path = Path.Combine(directory, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
