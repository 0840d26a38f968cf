using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Facts about LabelBridge's default embedder: which package it comes from, which model, and where it is cut.</summary>
public static class DefaultModel
{
    public const string PackageSpec = "nsfwjs@4.3.0";

    /// <summary>The tarball's published Subresource Integrity (the registry's <c>dist.integrity</c> for nsfwjs 4.3.0).</summary>
    public const string PackageIntegrity =
        "sha512-WTKDte0vp1X97N1h34P79G/hG+sVT3+TnDz9di1WseIJR93v11E4viNX7Vg9WsO6HYoR772Nzq2iM8jo3XBZ+g==";

    public const string PackageLicense = "MIT";

    public const string Name = ModelContract.DefaultModelName;

    /// <summary>Where the tfjs model sits inside the package tarball.</summary>
    public const string ModelPathInPackage = "package/dist/models/mobilenet_v2_mid";

    /// <summary>Measured best cut: 816 channels, pooled; the fine-tuned top layers embed worse than raw pixels.</summary>
    public const string CutAt = "MobilenetV2/expanded_conv_13/expand/Relu6";

    public const int DefaultInputSize = 128;

    public static ModelManifest Manifest(int inputSize) => InstallableModels.MobileNetV2Mid.Manifest(inputSize);
}
