using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Scheduling;
using LabelBridge.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LabelBridge.Host.Tests.Web;

public sealed class ServeTests
{
    private const string Token = "api-token-for-tests-0123456789abcdef";

    [Fact]
    public async Task The_api_needs_the_token_but_health_does_not()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        await using var serve = await ServeAsync(harness.Options);

        using var anonymous = serve.Client(token: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/projects", Cancel)).StatusCode);
        using var wrong = serve.Client("not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/projects", Cancel)).StatusCode);
        using var client = serve.Client(Token);
        var projects = await client.GetFromJsonAsync<JsonElement>("/api/projects", Cancel);
        Assert.Equal("shelves", projects[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_manual_request_runs_the_project_job_and_its_report_is_served()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        await using var serve = await ServeAsync(harness.Options);
        using var client = serve.Client(Token);

        var accepted = await client.PostAsync("/api/projects/shelves/sweeps", null, Cancel);
        var sweeps = await PollAsync(client, "/api/projects/shelves/sweeps", s => s.GetArrayLength() == 1 && s[0].GetProperty("status").GetString() == "Succeeded");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("manual", sweeps[0].GetProperty("trigger").GetString());
        var id = sweeps[0].GetProperty("id").GetInt64();
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/sweeps/{id}", Cancel);
        Assert.True(details.GetProperty("report").GetProperty("findings").GetArrayLength() > 0);
        var page = await client.GetStringAsync($"/api/sweeps/{id}/report.html", Cancel);
        Assert.Contains("<canvas id=\"plot\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/projects/nope/sweeps", null, Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("cvat")]
    [InlineData("label-studio")]
    public async Task A_cron_schedule_runs_sweeps_on_its_own_and_the_second_is_all_cache_hits(string platform)
    {
        await using var harness = platform == "cvat" ? await SweepHarness.StartCvatAsync() : await SweepHarness.StartLabelStudioAsync();
        harness.Options.Projects[0].Schedule = "0/3 * * * * ?";
        await using var serve = await ServeAsync(harness.Options);
        using var client = serve.Client(Token);

        var sweeps = await PollAsync(client, "/api/projects/shelves/sweeps",
            s => s.EnumerateArray().Count(x => x.GetProperty("status").GetString() == "Succeeded") >= 2);

        var finished = sweeps.EnumerateArray().Where(x => x.GetProperty("status").GetString() == "Succeeded").Reverse().ToList();
        Assert.All(finished, s => Assert.Equal("schedule", s.GetProperty("trigger").GetString()));
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/sweeps/{finished[1].GetProperty("id").GetInt64()}", Cancel);
        var counts = second.GetProperty("report").GetProperty("counts");
        Assert.Equal(0, counts.GetProperty("patchesEmbedded").GetInt32());
        Assert.Equal(0, counts.GetProperty("markersWritten").GetInt32());
    }

    [Fact]
    public async Task Signed_cvat_webhooks_close_together_become_one_sweep()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var secretVariable = $"CVAT_TEST_WEBHOOK_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(secretVariable, "webhook-secret");
        harness.Options.Platforms[0].WebhookSecret = new SecretOptions { Env = secretVariable };
        harness.Options.Web.WebhookDebounce = TimeSpan.FromSeconds(2);
        await using var serve = await ServeAsync(harness.Options);
        using var client = serve.Client(token: null);
        var body = JsonSerializer.Serialize(new { @event = "update:job", webhook_id = 1, job = new { id = 1, project_id = harness.Project.ProjectId } });

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cvat/platform") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("webhook-secret"), Encoding.UTF8.GetBytes(body))));
            Assert.True((await client.SendAsync(request, Cancel)).IsSuccessStatusCode);
        }

        using var api = serve.Client(Token);
        var sweeps = await PollAsync(api, "/api/projects/shelves/sweeps", s => s.GetArrayLength() >= 1 && s[0].GetProperty("status").GetString() == "Succeeded");
        // Once no webhook run waits in the scheduler, every sweep those webhooks could cause has already been recorded.
        var scheduler = await serve.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Cancel);
        await Poll.UntilAsync(async () => await scheduler.Exists(SweepJobKeys.Webhook("shelves"), Cancel), exists => !exists, "no webhook sweep is waiting");
        var after = await api.GetFromJsonAsync<JsonElement>("/api/projects/shelves/sweeps", Cancel);

        Assert.Equal("webhook", sweeps[0].GetProperty("trigger").GetString());
        Assert.Equal(1, after.GetArrayLength());
    }

    [Fact]
    public async Task The_health_verb_says_whether_a_worker_answers()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        await using var serve = await ServeAsync(harness.Options);
        var context = LabelBridge.Host.Cli.CliContext.Default() with
        {
            Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) }),
        };

        var healthy = await LabelBridge.Host.Cli.LabelBridgeCli.RunAsync(["health", "--url", new Uri(serve.Address, "/health").ToString()], context, Cancel);
        var unreachable = await LabelBridge.Host.Cli.LabelBridgeCli.RunAsync(["health", "--url", "http://127.0.0.1:9/health"], context, Cancel);

        Assert.Equal(0, healthy);
        Assert.Equal(1, unreachable);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> done) =>
        Poll.UntilAsync(() => client.GetFromJsonAsync<JsonElement>(path, Cancel), done, $"{path} answers as expected");

    private static async Task<RunningServe> ServeAsync(LabelBridgeOptions options)
    {
        options.Web.Urls = "http://127.0.0.1:0";
        var app = ServeHost.Build(options, new Secret(Token));
        await app.StartAsync(Cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServe(app, new Uri(address));
    }

    private sealed class RunningServe(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address => address;

        public IServiceProvider Services => app.Services;

        public HttpClient Client(string? token)
        {
            var client = new HttpClient { BaseAddress = address };
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
