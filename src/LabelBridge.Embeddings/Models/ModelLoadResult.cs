namespace LabelBridge.Embeddings.Models;

/// <summary>A loaded model, or why the named model cannot be used.</summary>
internal sealed record ModelLoadResult(string Name, OnnxPatchEmbedder? Embedder, string? Problem)
{
    public static ModelLoadResult Failure(string name, string problem) => new(name, null, problem);
}
