using System.Security.Cryptography;

namespace LabelBridge.Core.Embedding.Models;

/// <summary>The file names and the fingerprint every part of LabelBridge uses for an image model.</summary>
/// <remarks>One owner, so the importer, the embedder and <c>doctor</c> cannot disagree about which model is the default or
/// when two model files are the same model.</remarks>
public static class ModelContract
{
    /// <summary>The model <c>default-model</c> refers to, and the one <c>models install-default</c> installs.</summary>
    public const string DefaultModelName = "mobilenet_v2_mid";

    public const string OnnxSuffix = ".onnx";

    /// <summary>The name ending of an int8 model written from an installed float one (<c>models quantize</c>):
    /// <c>mobilenet_v2_mid_int8</c> is <c>mobilenet_v2_mid</c> quantized.</summary>
    public const string Int8Suffix = "_int8";

    public static string OnnxPath(string modelDirectory, string name) => Path.Combine(modelDirectory, name + OnnxSuffix);

    public static string ManifestPath(string modelDirectory, string name) => Path.Combine(modelDirectory, name + ModelManifest.FileSuffix);

    /// <summary>SHA-256 over the ONNX bytes then the manifest bytes, hex, first 16 characters.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> onnx, ReadOnlySpan<byte> manifest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(onnx);
        hash.AppendData(manifest);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
