using System.Security.Cryptography;

namespace LabelBridge.Embeddings.Import.Manifests;

/// <summary>The contract's model fingerprint: SHA-256 over the ONNX bytes then the manifest bytes, hex, first 16 characters.</summary>
public static class ModelFingerprint
{
    public static string Compute(ReadOnlySpan<byte> onnx, ReadOnlySpan<byte> manifest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(onnx);
        hash.AppendData(manifest);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
