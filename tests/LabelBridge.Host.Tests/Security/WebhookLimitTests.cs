using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Host.Scheduling;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LabelBridge.Host.Tests.Security;

/// <summary>Webhooks through the real <c>serve</c> host: a delivery without the right signature or shared secret is
/// 401, one over Web.MaxWebhookBytes is 413, and neither requests a sweep; a good delivery does.</summary>
public sealed class WebhookLimitTests
{
    private const string Secret = "webhook-secret-for-tests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cvat_deliveries_with_a_missing_or_wrong_signature_or_too_large_are_refused_and_request_no_sweep()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        await using var serve = await ServeAsync(harness);
        var body = JsonSerializer.Serialize(new { @event = "update:job", webhook_id = 1, job = new { id = 1, project_id = harness.Project.ProjectId } });
        var oversized = JsonSerializer.Serialize(new { @event = "update:job", webhook_id = 1, job = new { id = 1, project_id = harness.Project.ProjectId }, padding = new string('x', 8192) });

        Assert.Equal(HttpStatusCode.Unauthorized, await PostCvatAsync(serve, body, signature: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostCvatAsync(serve, body, Sign(body, "not-the-secret")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostCvatAsync(serve, oversized, Sign(oversized, Secret)));
        Assert.False(await WebhookSweepRequestedAsync(serve));

        Assert.Equal(HttpStatusCode.OK, await PostCvatAsync(serve, body, Sign(body, Secret)));
        Assert.True(await WebhookSweepRequestedAsync(serve));
    }

    [Fact]
    public async Task Label_studio_deliveries_without_the_shared_secret_or_too_large_are_refused_and_request_no_sweep()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        await using var serve = await ServeAsync(harness);
        var body = LabelStudioEvent(harness.Project.ProjectId, padding: 0);
        var oversized = LabelStudioEvent(harness.Project.ProjectId, padding: 8192);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostLabelStudioAsync(serve, body, secret: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostLabelStudioAsync(serve, body, "not-the-secret"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostLabelStudioAsync(serve, oversized, Secret));
        Assert.False(await WebhookSweepRequestedAsync(serve));

        Assert.Equal(HttpStatusCode.OK, await PostLabelStudioAsync(serve, body, Secret));
        Assert.True(await WebhookSweepRequestedSoonAsync(serve));
    }

    private static string LabelStudioEvent(long project, int padding) => JsonSerializer.Serialize(new
    {
        action = "ANNOTATION_CREATED",
        annotation = new { id = 11, result = Array.Empty<object>(), completed_by = 2, task = 5, project },
        task = new { id = 5, data = new { }, project },
        project = new { id = project, title = "Shelves" },
        padding = new string('x', padding),
    });

    private static string Sign(string body, string key) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));

    private static async Task<HttpStatusCode> PostCvatAsync(RunningServe serve, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cvat/platform") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("X-Signature-256", signature);
        }

        using var response = await serve.Client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostLabelStudioAsync(RunningServe serve, string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/label-studio/platform") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-LabelBridge-Secret", secret);
        }

        using var response = await serve.Client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>Whether a webhook sweep of the project is waiting out its debounce in the scheduler.</summary>
    private static async Task<bool> WebhookSweepRequestedAsync(RunningServe serve)
    {
        var scheduler = await serve.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        return await scheduler.Exists(SweepJobKeys.Webhook(SweepHarness.ProjectName), Ct);
    }

    /// <summary>Whether a webhook sweep is requested within 10 s: the Label Studio receiver answers first and asks for
    /// the sweep after (Label Studio waits one second for the answer).</summary>
    private static async Task<bool> WebhookSweepRequestedSoonAsync(RunningServe serve)
    {
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (await WebhookSweepRequestedAsync(serve))
            {
                return true;
            }

            await Task.Delay(20, Ct);
        }

        return false;
    }

    private static async Task<RunningServe> ServeAsync(SweepHarness harness)
    {
        var secretVariable = $"LB_TEST_WEBHOOK_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(secretVariable, Secret);
        harness.Options.Platforms[0].WebhookSecret = new SecretOptions { Env = secretVariable };
        harness.Options.Web.WebhookDebounce = TimeSpan.FromMinutes(10);
        harness.Options.Web.MaxWebhookBytes = 4096;
        harness.Options.Web.Urls = "http://127.0.0.1:0";
        var app = ServeHost.Build(harness.Options, new Core.Configuration.Secret("api-token-for-tests"));
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServe(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private sealed class RunningServe(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public WebApplication App => app;

        public HttpClient Client => client;

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
