using System.Text.Json;

namespace LabelBridge.Embeddings.Models;

/// <summary>What the embedder must know about an ONNX image model: its <c>&lt;name&gt;.manifest.json</c>.</summary>
/// <remarks>The contract shared with the model importer; any image model whose manifest fits plugs in.</remarks>
internal sealed record ModelManifest(
    string Name,
    string? Description,
    ManifestInput Input,
    ManifestOutput Output,
    ManifestSource? Source)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static ModelManifest? Parse(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions);
}

internal sealed record ManifestInput(
    string Name,
    int Width,
    int Height,
    string Layout,
    string ChannelOrder,
    float[] Mean,
    float[] Std)
{
    public bool IsNchw => string.Equals(Layout, "NCHW", StringComparison.OrdinalIgnoreCase);

    public bool IsBgr => string.Equals(ChannelOrder, "BGR", StringComparison.OrdinalIgnoreCase);
}

internal sealed record ManifestOutput(string Name, string Pooling)
{
    public bool IsGlobalAveragePooled => string.Equals(Pooling, "gap", StringComparison.OrdinalIgnoreCase);
}

internal sealed record ManifestSource(string? Package, string? License, string? Integrity);
