using System.Net;
using System.Text;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Webhooks;
using LabelBridge.Emulators.Cvat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LabelBridge.Cvat.Tests.Webhooks;

public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";
    private const string UpdateJob =
        """{"event": "update:job", "job": {"id": 31, "task_id": 12, "project_id": 5, "stage": "validation", "state": "completed"}, "before_update": {"state": "in progress"}, "webhook_id": 3, "sender": {"id": 2, "username": "reviewer"}}""";

    private readonly RecordingSweepRequester sweeps = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private CvatEmulator? cvat;
    private WebApplication? app;
    private HttpClient? client;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // The router asks CVAT who LabelBridge's token belongs to (the emulator's user 1) before it trusts a delivery's
        // project: these deliveries come from a reviewer (sender 2), not from LabelBridge's own writes.
        cvat = await CvatEmulator.StartAsync(cancellationToken: Token);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddFakeLogging();
        var options = new LabelBridgeOptions
        {
            Platforms =
            [
                new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = cvat.BaseUrl, Credentials = new SecretOptions { Env = "LB_TEST_TOKEN" }, WebhookSecret = new SecretOptions { Env = "LB_TEST_HOOK" } },
                new PlatformOptions { Name = "other-cvat", Kind = PlatformKind.Cvat, Url = cvat.BaseUrl, Credentials = new SecretOptions { Env = "LB_TEST_TOKEN" }, WebhookSecret = new SecretOptions { Env = "LB_TEST_HOOK" } },
            ],
            Projects =
            [
                new ProjectOptions { Name = "shelves", Platform = "cvat-main", RemoteProjectId = "5" },
                // Padded on purpose: the Label Studio side always trimmed, the CVAT side once did not.
                new ProjectOptions { Name = "shelves-audit", Platform = "cvat-main", RemoteProjectId = " 5 " },
                new ProjectOptions { Name = "parking", Platform = "cvat-main", RemoteProjectId = "6" },
                new ProjectOptions { Name = "elsewhere", Platform = "other-cvat", RemoteProjectId = "5" },
            ],
        };
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(new BoundConfiguration(options)); // what each section is served from, as in the host
        builder.Services.AddSingleton<ProjectCatalog>();
        builder.Services.AddSingleton<ISweepRequester>(sweeps);
        builder.Services.AddSingleton(new SecretResolver(name => name switch { "LB_TEST_HOOK" => Secret, "LB_TEST_TOKEN" => cvat.AccessToken, _ => null }));
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddCvatPlatform();
        app = builder.Build();
        app.MapCvatWebhooks();
        await app.StartAsync(Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (cvat is not null)
        {
            await cvat.DisposeAsync();
        }
    }

    [Fact]
    public async Task Signed_delivery_requests_a_sweep_of_every_configured_project_with_that_remote_id_on_that_platform()
    {
        using var response = await PostAsync("cvat-main", UpdateJob, WebhookSignature.Sign(Encoding.UTF8.GetBytes(UpdateJob), Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("shelves", "webhook"), ("shelves-audit", "webhook")], sweeps.Requests);
    }

    [Fact]
    public async Task Wrong_signature_is_rejected_with_401_and_a_log_line()
    {
        using var response = await PostAsync("cvat-main", UpdateJob, WebhookSignature.Sign(Encoding.UTF8.GetBytes(UpdateJob), "another-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(sweeps.Requests);
        Assert.Contains(app!.Services.GetFakeLogCollector().GetSnapshot(), l => l.Message.Contains("does not match the body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Body_changed_after_signing_is_rejected()
    {
        var signature = WebhookSignature.Sign(Encoding.UTF8.GetBytes(UpdateJob), Secret);

        using var response = await PostAsync("cvat-main", UpdateJob.Replace("\"project_id\": 5", "\"project_id\": 6", StringComparison.Ordinal), signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(sweeps.Requests);
    }

    [Fact]
    public async Task Missing_signature_is_rejected_with_401_and_a_log_line()
    {
        using var response = await PostAsync("cvat-main", UpdateJob, signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(app!.Services.GetFakeLogCollector().GetSnapshot(), l => l.Message.Contains("missing X-Signature-256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ping_is_acknowledged_without_a_sweep()
    {
        const string ping = """{"event": "ping", "webhook": {"id": 3, "project_id": 5}, "sender": {"id": 1}}""";

        using var response = await PostAsync("cvat-main", ping, WebhookSignature.Sign(Encoding.UTF8.GetBytes(ping), Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(sweeps.Requests);
    }

    [Fact]
    public async Task The_same_signed_delivery_again_requests_no_sweep_until_the_webhook_max_age_has_passed()
    {
        var signature = WebhookSignature.Sign(Encoding.UTF8.GetBytes(UpdateJob), Secret);

        using var first = await PostAsync("cvat-main", UpdateJob, signature);
        using var replayed = await PostAsync("cvat-main", UpdateJob, signature);
        var afterReplay = sweeps.Requests.Count;
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var later = await PostAsync("cvat-main", UpdateJob, signature);

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("no sweep requested: the same signed body was received within Web.WebhookMaxAge", await replayed.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(2, afterReplay);
        Assert.Equal(4, sweeps.Requests.Count);
        Assert.Contains(app!.Services.GetFakeLogCollector().GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.Contains("requested no sweep", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delivery_about_a_job_updated_longer_ago_than_the_webhook_max_age_requests_no_sweep_and_a_deletion_still_does()
    {
        string Job(string eventKey, TimeSpan age)
        {
            var updated = (clock.GetUtcNow() - age).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
            return "{\"event\": \"" + eventKey + "\", \"job\": {\"id\": 31, \"project_id\": 5, \"updated_date\": \"" + updated + "\"}, \"webhook_id\": 3, \"sender\": {\"id\": 2}}";
        }

        var stale = Job("update:job", TimeSpan.FromHours(2));
        var fresh = Job("update:job", TimeSpan.FromMinutes(5));
        var deleted = Job("delete:job", TimeSpan.FromDays(30));

        using var staleResponse = await PostAsync("cvat-main", stale, WebhookSignature.Sign(Encoding.UTF8.GetBytes(stale), Secret));
        var afterStale = sweeps.Requests.Count;
        using var freshResponse = await PostAsync("cvat-main", fresh, WebhookSignature.Sign(Encoding.UTF8.GetBytes(fresh), Secret));
        var afterFresh = sweeps.Requests.Count;
        using var deletedResponse = await PostAsync("cvat-main", deleted, WebhookSignature.Sign(Encoding.UTF8.GetBytes(deleted), Secret));

        Assert.Equal(HttpStatusCode.OK, staleResponse.StatusCode);
        Assert.Contains("longer ago than Web.WebhookMaxAge (01:00:00)", await staleResponse.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(0, afterStale);
        Assert.Equal(2, afterFresh);
        Assert.Equal(4, sweeps.Requests.Count);
    }

    [Fact]
    public void The_replay_guard_remembers_at_most_its_cap_of_deliveries_and_forgets_the_oldest_first()
    {
        var guard = new WebhookReplayGuard(clock);
        var payload = new WebhookPayload("update:job", "5");
        byte[] Body(int i) => Encoding.UTF8.GetBytes($$"""{"event": "update:job", "n": {{i}}}""");
        for (var i = 0; i <= WebhookReplayGuard.MaxRemembered; i++)
        {
            guard.Remember("cvat-main", Body(i), TimeSpan.FromHours(1));
        }

        Assert.Null(guard.Refusal("cvat-main", Body(0), payload, TimeSpan.FromHours(1)));
        Assert.NotNull(guard.Refusal("cvat-main", Body(1), payload, TimeSpan.FromHours(1)));
        Assert.NotNull(guard.Refusal("cvat-main", Body(WebhookReplayGuard.MaxRemembered), payload, TimeSpan.FromHours(1)));
        Assert.Null(guard.Refusal("other-cvat", Body(1), payload, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Unknown_platform_is_not_found()
    {
        using var response = await PostAsync("nowhere", UpdateJob, WebhookSignature.Sign(Encoding.UTF8.GetBytes(UpdateJob), Secret));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Signature_is_the_hex_HMAC_SHA256_of_the_body_with_the_secret()
    {
        var signature = WebhookSignature.Sign("The quick brown fox jumps over the lazy dog"u8, "key");

        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", signature);
        Assert.True(WebhookSignature.IsValid(signature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal), "The quick brown fox jumps over the lazy dog"u8, "key"));
        Assert.False(WebhookSignature.IsValid("sha256=zz", "The quick brown fox jumps over the lazy dog"u8, "key"));
    }

    private async Task<HttpResponseMessage> PostAsync(string platform, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/cvat/{platform}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.Add("X-Signature-256", signature);
        }

        return await client!.SendAsync(request, Token);
    }

    private sealed class RecordingSweepRequester : ISweepRequester
    {
        private readonly List<(string Project, string Trigger)> requests = [];

        public IReadOnlyList<(string Project, string Trigger)> Requests
        {
            get
            {
                lock (requests)
                {
                    return [.. requests];
                }
            }
        }

        public Task RequestSweepAsync(string project, string trigger, CancellationToken cancellationToken)
        {
            lock (requests)
            {
                requests.Add((project, trigger));
            }

            return Task.CompletedTask;
        }
    }
}
