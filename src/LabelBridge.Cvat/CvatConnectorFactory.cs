using System.Net.Http.Headers;
using System.Text;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using LabelBridge.Platforms.Concurrency;
using LabelBridge.Platforms.Errors;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Logging;
using Refit;

namespace LabelBridge.Cvat;

/// <summary>Builds a connector for one configured CVAT server: its HttpClient from the factory, with the server's base
/// address, credentials and organization, and the server's retry/breaker/timeout pipeline.</summary>
/// <remarks>The pipeline and the concurrency gate are the platform transport's, kept per platform: its circuit breaker
/// remembers an outage across connectors and sweeps (a second project on a down server pauses without calling it), and
/// MaxConcurrentRequests caps the server however many connectors call it.</remarks>
internal sealed class CvatConnectorFactory(
    IHttpClientFactory httpClientFactory,
    SecretResolver secrets,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider,
    PlatformPipelines pipelines,
    PlatformGates gates) : IPlatformConnectorFactory
{
    public const string HttpClientName = "cvat";

    public PlatformKind Kind => PlatformKind.Cvat;

    public IPlatformConnector Create(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (platform.Url is null || !platform.Url.IsAbsoluteUri)
        {
            throw PlatformErrors.MissingUrl(platform);
        }

        if (!string.IsNullOrEmpty(platform.Url.UserInfo))
        {
            throw PlatformErrors.CredentialsInUrl(platform);
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
        var api = RestService.For<ICvatApi>(client, CvatSerialization.RefitSettings(platform));
        var connection = new CvatConnection(api, platform, problem, pipelines.For(platform), gates.For(platform), timeProvider, logger);
        return new CvatConnector(connection, logger);
    }

    private static AuthenticationHeaderValue Authorization(PlatformOptions platform, Secret secret) => platform.AuthScheme switch
    {
        PlatformAuthScheme.Bearer => new AuthenticationHeaderValue("Bearer", secret.Reveal()),
        PlatformAuthScheme.Token => new AuthenticationHeaderValue("Token", secret.Reveal()),
        _ => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{platform.Username}:{secret.Reveal()}"))),
    };
}
