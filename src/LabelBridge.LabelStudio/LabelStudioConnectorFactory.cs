using System.Collections.Concurrent;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Auth;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.LabelStudio.Images;
using LabelBridge.LabelStudio.Reading;
using LabelBridge.LabelStudio.WriteBack;
using LabelBridge.Platforms.Concurrency;
using LabelBridge.Platforms.Errors;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio;

/// <summary>Creates one connector per configured Label Studio server and keeps it, so its access token is reused.</summary>
internal sealed class LabelStudioConnectorFactory(
    IHttpMessageHandlerFactory handlers,
    SecretResolver secrets,
    TimeProvider timeProvider,
    PlatformPipelines pipelines,
    PlatformGates gates,
    ILoggerFactory loggerFactory) : IPlatformConnectorFactory, IDisposable
{
    public const string HttpClientName = "LabelBridge.LabelStudio";

    /// <summary>The client for task images: it never follows redirects by itself.</summary>
    public const string ImagesHttpClientName = "LabelBridge.LabelStudio.Images";

    private readonly ConcurrentDictionary<string, (string Settings, LabelStudioConnector Connector, LabelStudioCredentials Credentials, LabelStudioClient Client)> connectors = new(StringComparer.OrdinalIgnoreCase);

    public PlatformKind Kind => PlatformKind.LabelStudio;

    public IPlatformConnector Create(PlatformOptions platform) => CreateConnector(platform);

    internal LabelStudioConnector CreateConnector(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (platform.Kind != PlatformKind.LabelStudio)
        {
            throw new ArgumentException($"Platform '{platform.Name}' is {platform.Kind}, not LabelStudio.", nameof(platform));
        }

        if (platform.Url is null || !platform.Url.IsAbsoluteUri)
        {
            throw PlatformErrors.MissingUrl(platform);
        }

        if (!string.IsNullOrEmpty(platform.Url.UserInfo))
        {
            throw PlatformErrors.CredentialsInUrl(platform);
        }

        var settings = SettingsOf(platform);
        if (connectors.TryGetValue(platform.Name, out var cached) && cached.Settings == settings)
        {
            return cached.Connector;
        }

        var secret = secrets.TryResolve(platform.Credentials, out var problem)
            ?? throw PlatformErrors.MissingCredentials(platform, problem);
        var credentials = new LabelStudioCredentials(platform.Name, platform.AuthScheme, secret, timeProvider);
        var logger = loggerFactory.CreateLogger<LabelStudioConnector>();
        var client = new LabelStudioClient(
            platform, handlers.CreateHandler(HttpClientName), handlers.CreateHandler(ImagesHttpClientName), credentials, pipelines, gates, timeProvider, logger);
        var records = new TaskPredictions(client, logger);
        var writer = new MarkerWriter(client, records, timeProvider, logger);
        var connector = new LabelStudioConnector(
            client,
            new ProjectReader(client, Math.Clamp(platform.PageSize, 1, 1000), platform.MaxPages, logger),
            new ImageFetcher(client, platform),
            writer,
            new DecisionReader(client, records),
            new LabelSuggestion(writer),
            records,
            logger);
        connectors[platform.Name] = (settings, connector, credentials, client);
        return connector;
    }

    /// <summary>Everything a connector is built from, so a changed setting gets a fresh connector (secrets by source only).</summary>
    private static string SettingsOf(PlatformOptions p) =>
        string.Join('|', p.Url, p.AuthScheme, p.Credentials, p.PageSize, p.MaxPages, p.MaxConcurrentRequests, p.BodyReadTimeout, p.MinimumTransferRate, p.TransferRateWindow, p.RequestTimeout, p.CircuitBreakDuration, p.MaxImageBytes, p.MaxResponseBytes, string.Join(',', p.AllowedImageHosts));

    public void Dispose()
    {
        foreach (var entry in connectors.Values)
        {
            entry.Credentials.Dispose();
        }
    }
}
