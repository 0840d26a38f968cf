using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using Microsoft.Extensions.Logging;
using Polly;
using Refit;

namespace LabelBridge.Cvat;

/// <summary>Builds a connector for one configured CVAT server: its HttpClient from the factory, with the server's base
/// address, credentials and organization, and the server's retry/breaker/timeout pipeline.</summary>
/// <remarks>The pipeline is kept per platform, so its circuit breaker remembers an outage across connectors and sweeps:
/// a second project on a down server pauses without calling it.</remarks>
internal sealed class CvatConnectorFactory(
    IHttpClientFactory httpClientFactory,
    SecretResolver secrets,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider,
    CvatRetrySettings retry) : IPlatformConnectorFactory
{
    public const string HttpClientName = "cvat";

    private readonly ConcurrentDictionary<string, (string Settings, ResiliencePipeline Pipeline)> pipelines = new(StringComparer.OrdinalIgnoreCase);

    public PlatformKind Kind => PlatformKind.Cvat;

    public IPlatformConnector Create(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (platform.Url is null || !platform.Url.IsAbsoluteUri)
        {
            throw new ArgumentException($"Platform '{platform.Name}' needs an absolute Url.", nameof(platform));
        }

        var secret = secrets.TryResolve(platform.Credentials, out var problem);
        var client = httpClientFactory.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(platform.Url.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        client.Timeout = Timeout.InfiniteTimeSpan;
        if (secret is not null)
        {
            client.DefaultRequestHeaders.Authorization = Authorization(platform, secret);
        }

        if (!string.IsNullOrWhiteSpace(platform.Organization))
        {
            client.DefaultRequestHeaders.Add("X-Organization", platform.Organization);
        }

        var logger = loggerFactory.CreateLogger<CvatConnector>();
        var api = RestService.For<ICvatApi>(client, CvatSerialization.RefitSettings());
        var pipeline = PipelineFor(platform, logger);
        var connection = new CvatConnection(api, platform, problem, pipeline, timeProvider, logger);
        return new CvatConnector(connection, logger);
    }

    private ResiliencePipeline PipelineFor(PlatformOptions platform, ILogger logger)
    {
        var settings = string.Join('|', platform.Url, platform.RequestTimeout, platform.CircuitBreakDuration);
        return pipelines.AddOrUpdate(
            platform.Name,
            _ => (settings, CvatResilience.Build(platform, retry, timeProvider, logger)),
            (_, kept) => kept.Settings == settings ? kept : (settings, CvatResilience.Build(platform, retry, timeProvider, logger))).Pipeline;
    }

    private static AuthenticationHeaderValue Authorization(PlatformOptions platform, Secret secret) => platform.AuthScheme switch
    {
        PlatformAuthScheme.Bearer => new AuthenticationHeaderValue("Bearer", secret.Reveal()),
        PlatformAuthScheme.Token => new AuthenticationHeaderValue("Token", secret.Reveal()),
        _ => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{platform.Username}:{secret.Reveal()}"))),
    };
}
