using System.Net.Http.Headers;
using System.Text;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using Microsoft.Extensions.Logging;
using Refit;

namespace LabelBridge.Cvat;

/// <summary>Builds a connector for one configured CVAT server: its HttpClient from the factory, with the server's base
/// address, credentials and organization, and its own retry/timeout pipeline.</summary>
internal sealed class CvatConnectorFactory(
    IHttpClientFactory httpClientFactory,
    SecretResolver secrets,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider,
    CvatRetrySettings retry) : IPlatformConnectorFactory
{
    public const string HttpClientName = "cvat";

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
        var pipeline = CvatResilience.Build(platform, retry, timeProvider, logger);
        var connection = new CvatConnection(api, platform, problem, pipeline, timeProvider, logger);
        return new CvatConnector(connection, logger);
    }

    private static AuthenticationHeaderValue Authorization(PlatformOptions platform, Secret secret) => platform.AuthScheme switch
    {
        PlatformAuthScheme.Bearer => new AuthenticationHeaderValue("Bearer", secret.Reveal()),
        PlatformAuthScheme.Token => new AuthenticationHeaderValue("Token", secret.Reveal()),
        _ => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{platform.Username}:{secret.Reveal()}"))),
    };
}
