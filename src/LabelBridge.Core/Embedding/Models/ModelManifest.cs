using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelBridge.Core.Embedding.Models;

/// <summary>The <c>&lt;name&gt;.manifest.json</c> beside each <c>&lt;name&gt;.onnx</c>: what the embedder must know about an image model.</summary>
/// <remarks>
/// The one definition of the model contract: the importer writes it, the embedder reads it, and its bytes are part of the model's
/// fingerprint (<see cref="ModelContract.Fingerprint"/>), which keys every stored vector, so its JSON shape must not drift.
/// Any image model whose manifest fits plugs in; hand-written manifests may leave out the description and the source.
/// </remarks>
public sealed record ModelManifest(string Name, string? Description, ManifestInput Input, ManifestOutput Output, ManifestSource? Source)
{
    public const string FileSuffix = ".manifest.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>The manifest in <paramref name="json"/>; throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static ModelManifest? Parse(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions);

    public static ModelManifest? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            return Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The model input: tensor name, pixel size, layout (<c>NHWC</c>/<c>NCHW</c>), channel order (<c>RGB</c>/<c>BGR</c>), and the
/// per-channel normalisation applied after scaling pixels to [0,1]: (v − mean) / std.</summary>
/// <remarks>Each network was trained on one convention; feeding it another silently degrades its features.</remarks>
public sealed record ManifestInput(string Name, int Width, int Height, string Layout, string ChannelOrder, float[] Mean, float[] Std)
{
    [JsonIgnore]
    public bool IsNchw => string.Equals(Layout, "NCHW", StringComparison.OrdinalIgnoreCase);

    [JsonIgnore]
    public bool IsBgr => string.Equals(ChannelOrder, "BGR", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The output tensor name and its pooling: <c>none</c> (already N×D) or <c>gap</c> (spatial; the embedder averages it).</summary>
public sealed record ManifestOutput(string Name, string Pooling)
{
    [JsonIgnore]
    public bool IsGlobalAveragePooled => string.Equals(Pooling, "gap", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Where the weights came from: package spec, licence, and the package's Subresource Integrity.</summary>
/// <remarks>Kept so that <c>models list</c> can show each model's licence and anyone can re-fetch and check the same bytes.</remarks>
public sealed record ManifestSource(string? Package, string? License, string? Integrity);
