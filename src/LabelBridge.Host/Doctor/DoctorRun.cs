using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Doctor;

/// <summary>Checks configuration, store, model and every platform, and says for each what is wrong and how to fix it.</summary>
internal sealed class DoctorRun(LoadedConfiguration configuration, IServiceProvider services)
{
    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        CheckConfiguration(checks);
        await CheckStoreAsync(checks, cancellationToken);
        CheckModels(checks);
        await CheckPlatformsAsync(checks, cancellationToken);
        return checks;
    }

    private void CheckConfiguration(List<DoctorCheck> checks)
    {
        if (configuration.IsValid)
        {
            checks.Add(new("config", configuration.Path, DoctorOutcome.Ok,
                $"{configuration.Options.Platforms.Count} platform(s), {configuration.Options.Projects.Count} project(s)"));
            return;
        }

        checks.AddRange(configuration.Problems.Select(p => new DoctorCheck("config", p.Key, DoctorOutcome.Failed, p.Message)));
    }

    private async Task CheckStoreAsync(List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var store = configuration.Options.Store;
        var subject = store.Provider == StoreProvider.Sqlite ? store.SqlitePath : "postgres";
        ILabelBridgeStore? instance;
        try
        {
            instance = services.GetService(typeof(ILabelBridgeStore)) as ILabelBridgeStore;
        }
        catch (InvalidOperationException exception)
        {
            // The store's factory refuses an unresolvable connection secret; its message names the key, never the value.
            checks.Add(new("store", subject, DoctorOutcome.Failed, exception.Message));
            return;
        }

        if (instance is null)
        {
            checks.Add(new("store", subject, DoctorOutcome.Failed, "no store implementation is available for this provider"));
            return;
        }

        try
        {
            await instance.InitializeAsync(cancellationToken);
            checks.Add(new("store", subject, DoctorOutcome.Ok, "opened, schema up to date"));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            checks.Add(new("store", subject, DoctorOutcome.Failed,
                $"cannot open the store: {exception.Message}. Check Store.{(store.Provider == StoreProvider.Sqlite ? "SqlitePath is writable" : "PostgresConnection")}"));
        }
    }

    private void CheckModels(List<DoctorCheck> checks)
    {
        var embedding = configuration.Options.Embedding;
        var names = configuration.Options.Projects.Select(p => p.Embedder ?? embedding.Embedder)
            .Append(embedding.Embedder)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var requirement = ModelLocator.Describe(embedding.ModelDirectory, name);
            checks.Add(new("model", name, requirement.Present ? DoctorOutcome.Ok : DoctorOutcome.Failed, requirement.Detail));
        }
    }

    private async Task CheckPlatformsAsync(List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var factories = services.GetService(typeof(IEnumerable<IPlatformConnectorFactory>)) as IEnumerable<IPlatformConnectorFactory> ?? [];
        foreach (var platform in configuration.Options.Platforms)
        {
            var subject = string.IsNullOrWhiteSpace(platform.Name) ? "(unnamed)" : platform.Name;
            var factory = factories.FirstOrDefault(f => f.Kind == platform.Kind);
            if (factory is null)
            {
                checks.Add(new("platform", subject, DoctorOutcome.Failed, $"no connector for {platform.Kind} is available in this build"));
                continue;
            }

            if (platform.Url is null)
            {
                checks.Add(new("platform", subject, DoctorOutcome.Failed, "no Url configured"));
                continue;
            }

            checks.AddRange(await CheckPlatformAsync(factory, platform, subject, cancellationToken));
        }
    }

    private async Task<IReadOnlyList<DoctorCheck>> CheckPlatformAsync(
        IPlatformConnectorFactory factory,
        PlatformOptions platform,
        string subject,
        CancellationToken cancellationToken)
    {
        try
        {
            var status = await factory.Create(platform).CheckAsync(cancellationToken);
            var version = status.ServerVersion is null ? "" : $" (server {status.ServerVersion})";
            var outcome = !status.Healthy ? DoctorOutcome.Failed : status.CanWrite ? DoctorOutcome.Ok : ReadOnlyOutcome(platform);
            var detail = $"{platform.Url}{version}: {status.Message}";
            if (outcome != DoctorOutcome.Failed && !status.CanWrite)
            {
                detail += ". No project on this platform writes back (WriteBack DryRun), so reading is enough for now";
            }

            return
            [
                new DoctorCheck("platform", subject, outcome, detail),
                .. status.Warnings.Select(w => new DoctorCheck("platform", subject, DoctorOutcome.Warning, w)),
            ];
        }
        catch (PlatformUnavailableException exception)
        {
            return [new DoctorCheck("platform", subject, DoctorOutcome.Failed, exception.Message)];
        }
        catch (InvalidOperationException exception)
        {
            return [new DoctorCheck("platform", subject, DoctorOutcome.Failed, exception.Message)];
        }
    }

    /// <summary>Credentials that can only read break every project that writes back, and none that only reports.</summary>
    private DoctorOutcome ReadOnlyOutcome(PlatformOptions platform) =>
        configuration.Options.Projects.Any(p => string.Equals(p.Platform, platform.Name, StringComparison.OrdinalIgnoreCase) && p.WriteBack != WriteBackMode.DryRun)
            ? DoctorOutcome.Failed
            : DoctorOutcome.Warning;
}
