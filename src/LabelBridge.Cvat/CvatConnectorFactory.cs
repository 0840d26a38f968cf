using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Auth;
using LabelBridge.Cvat.Connection;
using LabelBridge.Platforms.Concurrency;
using LabelBridge.Platforms.Errors;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Logging;
using Refit;

namespace LabelBridge.Cvat;

/// <summary>Builds a connector for one configured CVAT server: a client over the transport's pooled handler with the
/// server's base address, a <see cref="CvatAuthHandler"/> for its credentials and organization, and the server's
/// retry/breaker/timeout pipeline.</summary>
/// <remarks>The pipeline and the concurrency gate are the platform transport's, kept per platform: its circuit breaker
/// remembers an outage across connectors and sweeps (a second project on a down server pauses without calling it), and
/// MaxConcurrentRequests caps the server however many connectors call it.</remarks>
internal sealed class CvatConnectorFactory(
    IHttpMessageHandlerFactory handlers,
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
        var connection = CreateConnection(platform);
        return new CvatConnector(connection, loggerFactory.CreateLogger<CvatConnector>());
    }

    /// <summary>The throttled, retried connection itself, for callers other than the connector (the webhook router).</summary>
    internal CvatConnection CreateConnection(PlatformOptions platform)
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
        // The pool owns the inner handler's lifetime, so the client must not dispose it.
        var client = new HttpClient(CvatAuthHandler.For(platform, secret, handlers.CreateHandler(HttpClientName)), disposeHandler: false)
        {
            BaseAddress = new Uri(platform.Url.GetLeftPart(UriPartial.Path).TrimEnd('/')),
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var logger = loggerFactory.CreateLogger<CvatConnector>();
        var api = RestService.For<ICvatApi>(client, CvatSerialization.RefitSettings(platform));
        return new CvatConnection(api, platform, problem, pipelines.For(platform), pipelines.Retry.MaxRetries + 1, gates.For(platform), timeProvider, logger);
    }
}
