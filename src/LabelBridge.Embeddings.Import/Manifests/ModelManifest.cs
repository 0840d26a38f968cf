using System.Text.Json;

namespace LabelBridge.Embeddings.Import.Manifests;

/// <summary>The <c>&lt;name&gt;.manifest.json</c> written beside each imported <c>&lt;name&gt;.onnx</c>; the embedder reads it.</summary>
/// <remarks>Field names and values follow the shared model-manifest contract exactly (camelCase JSON).</remarks>
public sealed record ModelManifest(string Name, string Description, ManifestInput Input, ManifestOutput Output, ManifestSource Source)
{
    public const string FileSuffix = ".manifest.json";

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    public static ModelManifest? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The model input: tensor name, pixel size, layout (<c>NHWC</c>/<c>NCHW</c>), channel order (<c>RGB</c>/<c>BGR</c>), and the
/// per-channel normalisation applied after scaling pixels to [0,1]: (v − mean) / std.</summary>
public sealed record ManifestInput(string Name, int Width, int Height, string Layout, string ChannelOrder, float[] Mean, float[] Std);

/// <summary>The output tensor name and its pooling: <c>none</c> (already N×D) or <c>gap</c> (spatial; the embedder averages it).</summary>
public sealed record ManifestOutput(string Name, string Pooling);

/// <summary>Where the weights came from: package spec, licence, and the package's Subresource Integrity.</summary>
public sealed record ManifestSource(string Package, string License, string Integrity);
