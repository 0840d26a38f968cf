using System.Text.Json;

namespace LabelBridge.Embeddings.Import.Tfjs;

/// <summary>Reads a tfjs model from a directory holding <c>model.min.js</c> and its base64 weight shards (<c>&lt;path&gt;.min.js</c>).</summary>
internal static class TfjsModelReader
{
    public const string TopologyFileName = "model.min.js";
    public const string ShardSuffix = ".min.js";

    public static async Task<TfjsModel> ReadAsync(string modelDirectory, CancellationToken cancellationToken)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(modelDirectory, TopologyFileName), cancellationToken);
        using var document = JsModuleValue.ReadObject(script);
        var root = document.RootElement;
        var topology = root.GetProperty("modelTopology").Clone();
        var format = topology.TryGetProperty("node", out _) ? TfjsModelFormat.Graph : TfjsModelFormat.Layers;

        var weights = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            var bytes = await ReadGroupBytesAsync(modelDirectory, group, cancellationToken);
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

    private static async Task<byte[]> ReadGroupBytesAsync(string modelDirectory, JsonElement group, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        foreach (var path in group.GetProperty("paths").EnumerateArray())
        {
            var shardPath = Path.Combine(modelDirectory, Path.GetFileName(path.GetString()!) + ShardSuffix);
            var script = await File.ReadAllTextAsync(shardPath, cancellationToken);
            var shard = Convert.FromBase64String(JsModuleValue.ReadString(script));
            buffer.Write(shard);
        }

        return buffer.ToArray();
    }

    private static TfjsWeight ReadWeight(JsonElement entry, byte[] bytes, ref int offset)
    {
        var name = entry.GetProperty("name").GetString()!;
        var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var count = shape.Aggregate(1, (product, dim) => product * dim);
        var dtype = entry.GetProperty("dtype").GetString();
        if (dtype != "float32")
        {
            throw new InvalidDataException($"Weight '{name}' has dtype '{dtype}'; only float32 weights are supported.");
        }

        if (entry.TryGetProperty("quantization", out var quantization))
        {
            var storedAs = quantization.GetProperty("dtype").GetString();
            if (storedAs != "uint8")
            {
                throw new InvalidDataException($"Weight '{name}' is quantized as '{storedAs}'; only uint8 quantization is supported.");
            }

            var codes = bytes.AsSpan(offset, count).ToArray();
            offset += count;
            return new TfjsWeight(
                name,
                shape,
                codes,
                quantization.GetProperty("scale").GetSingle(),
                quantization.GetProperty("min").GetSingle(),
                null);
        }

        var values = new float[count];
        Buffer.BlockCopy(bytes, offset, values, 0, count * sizeof(float));
        offset += count * sizeof(float);
        return new TfjsWeight(name, shape, null, 1f, 0f, values);
    }
}
