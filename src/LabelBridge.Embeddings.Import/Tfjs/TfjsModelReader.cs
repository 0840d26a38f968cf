using System.Text.Json;

namespace LabelBridge.Embeddings.Import.Tfjs;

/// <summary>Reads a tfjs model: either nsfwjs' JS-wrapped form (a directory holding <c>model.min.js</c> and base64 weight shards
/// <c>&lt;path&gt;.min.js</c>), or the converter's plain form (<c>model.json</c> beside its binary shards).</summary>
internal static class TfjsModelReader
{
    public const string TopologyFileName = "model.min.js";
    public const string ShardSuffix = ".min.js";

    public static async Task<TfjsModel> ReadAsync(string modelDirectory, CancellationToken cancellationToken)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(modelDirectory, TopologyFileName), cancellationToken);
        using var document = JsModuleValue.ReadObject(script);
        return await ReadAsync(
            document.RootElement,
            async (path, token) => Convert.FromBase64String(JsModuleValue.ReadString(
                await File.ReadAllTextAsync(Path.Combine(modelDirectory, Path.GetFileName(path) + ShardSuffix), token))),
            cancellationToken);
    }

    /// <summary>Reads a model as the tfjs converter writes it: <paramref name="modelJsonPath"/> and its <c>.bin</c> shards beside it.</summary>
    public static async Task<TfjsModel> ReadJsonAsync(string modelJsonPath, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        await using var stream = File.OpenRead(modelJsonPath);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return await ReadAsync(
            document.RootElement,
            (path, token) => File.ReadAllBytesAsync(Path.Combine(directory, Path.GetFileName(path)), token),
            cancellationToken);
    }

    private static async Task<TfjsModel> ReadAsync(
        JsonElement root, Func<string, CancellationToken, Task<byte[]>> readShardAsync, CancellationToken cancellationToken)
    {
        var topology = root.GetProperty("modelTopology").Clone();
        var format = topology.TryGetProperty("node", out _) ? TfjsModelFormat.Graph : TfjsModelFormat.Layers;

        var weights = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            using var buffer = new MemoryStream();
            foreach (var path in group.GetProperty("paths").EnumerateArray())
            {
                await buffer.WriteAsync(await readShardAsync(path.GetString()!, cancellationToken), cancellationToken);
            }

            var bytes = buffer.ToArray();
            var offset = 0;
            foreach (var entry in group.GetProperty("weights").EnumerateArray())
            {
                var weight = ReadWeight(entry, bytes, ref offset);
                weights[weight.Name] = weight;
            }

            if (offset != bytes.Length)
            {
                throw new InvalidDataException($"Weight group holds {bytes.Length} bytes but its manifest describes {offset}.");
            }
        }

        return new TfjsModel(format, topology, weights);
    }

    private static TfjsWeight ReadWeight(JsonElement entry, byte[] bytes, ref int offset)
    {
        var name = entry.GetProperty("name").GetString()!;
        var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var count = shape.Aggregate(1, (product, dim) => product * dim);
        var dtype = entry.GetProperty("dtype").GetString();
        if (dtype == "int32" && !entry.TryGetProperty("quantization", out _))
        {
            var integers = new int[count];
            Buffer.BlockCopy(bytes, offset, integers, 0, count * sizeof(int));
            offset += count * sizeof(int);
            return new TfjsWeight(name, shape, null, 1f, 0f, null, integers);
        }

        if (dtype != "float32")
        {
            throw new InvalidDataException($"Weight '{name}' has dtype '{dtype}'; only float32 and int32 weights are supported.");
        }

        if (entry.TryGetProperty("quantization", out var quantization))
        {
            var storedAs = quantization.GetProperty("dtype").GetString();
            switch (storedAs)
            {
                case "uint8":
                    var codes = bytes.AsSpan(offset, count).ToArray();
                    offset += count;
                    return new TfjsWeight(
                        name,
                        shape,
                        codes,
                        quantization.GetProperty("scale").GetSingle(),
                        quantization.GetProperty("min").GetSingle(),
                        null);
                case "float16":
                    // tfjs' float16 "quantization" is plain IEEE half precision, widened exactly to float32.
                    var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes.AsSpan(offset, count * 2));
                    var widened = new float[count];
                    for (var i = 0; i < count; i++)
                    {
                        widened[i] = (float)halves[i];
                    }

                    offset += count * 2;
                    return new TfjsWeight(name, shape, null, 1f, 0f, widened);
                default:
                    throw new InvalidDataException($"Weight '{name}' is quantized as '{storedAs}'; only uint8 and float16 are supported.");
            }
        }

        var values = new float[count];
        Buffer.BlockCopy(bytes, offset, values, 0, count * sizeof(float));
        offset += count * sizeof(float);
        return new TfjsWeight(name, shape, null, 1f, 0f, values);
    }
}
