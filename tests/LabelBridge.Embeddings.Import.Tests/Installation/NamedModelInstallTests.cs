using System.Formats.Tar;
using System.IO.Compression;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Embeddings.Import.Tests.Generated;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Embeddings.Import.Tests.Installation;

/// <summary><c>models install &lt;name&gt;</c> from a package tarball laid out like the Human package (<c>package/models/&lt;name&gt;.json</c>
/// + <c>.bin</c>), holding a generated NanoDet-shaped graph; the tarball's integrity is computed here, as npm publishes it.</summary>
public sealed class NamedModelInstallTests : IDisposable
{
    private const int InputSize = 32;

    private readonly TempDirectory directory = new();
    private readonly ModelInstaller installer = new(NullLogger.Instance, TimeProvider.System);

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Named_model_is_imported_from_its_package_and_both_files_land_under_their_final_names_only()
    {
        var (model, tarball) = await PackageAsync("good", seed: 41);
        var models = Path.Combine(directory.Path, "models");

        var result = await installer.InstallFromTarballAsync(model, tarball, models, InputSize, TestContext.Current.CancellationToken);

        Assert.Equal(ModelInstallOutcome.Installed, result.Outcome);
        Assert.Equal(["nanodet.manifest.json", "nanodet.onnx"], Directory.GetFiles(models).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(model.Manifest(InputSize).ToJsonBytes(), await File.ReadAllBytesAsync(result.ManifestPath, TestContext.Current.CancellationToken));
        Assert.True(new FileInfo(result.OnnxPath).Length > 0);
    }

    [Fact]
    public async Task Named_model_package_that_differs_from_its_published_integrity_is_refused_and_the_installed_model_is_left_as_it_was()
    {
        var (model, tarball) = await PackageAsync("first", seed: 42);
        var models = Path.Combine(directory.Path, "models");
        var installed = await installer.InstallFromTarballAsync(model, tarball, models, InputSize, TestContext.Current.CancellationToken);
        var onnxBefore = await File.ReadAllBytesAsync(installed.OnnxPath, TestContext.Current.CancellationToken);
        var (_, otherTarball) = await PackageAsync("tampered", seed: 43);

        var error = await Assert.ThrowsAsync<ModelInstallException>(() =>
            installer.InstallFromTarballAsync(model, otherTarball, models, InputSize + 16, TestContext.Current.CancellationToken));

        Assert.Equal(ModelInstallFailure.IntegrityMismatch, error.Reason);
        Assert.Contains(model.PackageIntegrity, error.Message, StringComparison.Ordinal);
        Assert.Equal(onnxBefore, await File.ReadAllBytesAsync(installed.OnnxPath, TestContext.Current.CancellationToken));
        Assert.Equal(model.Manifest(InputSize).ToJsonBytes(), await File.ReadAllBytesAsync(installed.ManifestPath, TestContext.Current.CancellationToken));
        Assert.Equal(2, Directory.GetFiles(models).Length);
    }

    [Fact]
    public async Task Named_model_whose_cut_is_not_in_the_graph_is_refused_before_anything_is_written()
    {
        var (model, tarball) = await PackageAsync("no-cut", seed: 44);
        var models = Path.Combine(directory.Path, "models");

        var error = await Assert.ThrowsAsync<ModelInstallException>(() =>
            installer.InstallFromTarballAsync(model with { CutAt = "backbone/no_such_node" }, tarball, models, InputSize, TestContext.Current.CancellationToken));

        Assert.Equal(ModelInstallFailure.ImportFailed, error.Reason);
        Assert.Contains("package/models/nanodet.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("no node named 'backbone/no_such_node'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(models) && Directory.EnumerateFileSystemEntries(models).Any());
    }

    /// <summary>A Human-package-shaped tarball with a generated NanoDet graph, and the nanodet entry pointed at it with the
    /// tarball's own SHA-512 as its published integrity.</summary>
    private async Task<(InstallableModel Model, string Tarball)> PackageAsync(string name, int seed)
    {
        var files = Path.Combine(directory.Path, name);
        var json = new GeneratedNanoDetModel(seed).WriteTo(files);
        var tarball = Path.Combine(directory.Path, name + ".tgz");
        await using (var file = File.Create(tarball))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var writer = new TarWriter(gzip))
        {
            await writer.WriteEntryAsync(json, "package/models/nanodet.json", TestContext.Current.CancellationToken);
            await writer.WriteEntryAsync(Path.ChangeExtension(json, ".bin"), "package/models/nanodet.bin", TestContext.Current.CancellationToken);
            await writer.WriteEntryAsync(json, "package/models/other.json", TestContext.Current.CancellationToken);
        }

        var integrity = await PackageIntegrity.ComputeAsync(tarball, TestContext.Current.CancellationToken);
        return (InstallableModels.NanoDet with { PackageIntegrity = integrity, CutAt = GeneratedNanoDetModel.CutNode }, tarball);
    }
}
