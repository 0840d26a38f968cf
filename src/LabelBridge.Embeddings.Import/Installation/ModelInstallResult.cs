namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>What the default-model installer did, where the model now is, and its fingerprint
/// (SHA-256 of ONNX bytes + manifest bytes, hex, first 16 characters).</summary>
public sealed record ModelInstallResult(ModelInstallOutcome Outcome, string OnnxPath, string ManifestPath, string Fingerprint);

public enum ModelInstallOutcome
{
    Installed,
    AlreadyPresent,
}
