using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Cvat.Webhooks;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static LabelBridge.Cvat.Tests.WriteBack.WriteBackTests;

namespace LabelBridge.Cvat.Tests.Webhooks;

/// <summary>Deliveries as the CVAT emulator sends them (CVAT's serializers: issues and comments carry no project_id),
/// into the real receiver, with LabelBridge writing through one token and a reviewer working through another.</summary>
public sealed class WebhookRoutingTests : IAsyncLifetime
{
    private const string Secret = "routing-webhook-secret";

    private static readonly string[] SubscribedEvents =
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "plugin-manifest", "cvat", "webhook.json")))!["events"]!.AsArray().Select(e => e!.GetValue<string>())];

    private readonly RecordingSweeps sweeps = new();
    private CvatEmulator? cvat;
    private WebApplication? app;
    private ReferenceScene? scene;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private CvatEmulator Cvat => cvat!;

    public async ValueTask InitializeAsync()
    {
        cvat = await CvatEmulator.StartAsync(cancellationToken: Token);
        scene = ReferenceScene.Seed(cvat.Model);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var options = new LabelBridgeOptions
        {
            Platforms = [new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = cvat.BaseUrl, Credentials = new SecretOptions { Env = "LB_TOKEN" }, WebhookSecret = new SecretOptions { Env = "LB_HOOK" } }],
            Projects = [new ProjectOptions { Name = "reference", Platform = "cvat-main", RemoteProjectId = scene.ProjectId }],
        };
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(new BoundConfiguration(options)); // what each section is served from, as in the host
        builder.Services.AddSingleton<ISweepRequester>(sweeps);
        builder.Services.AddSingleton(new SecretResolver(name => name switch { "LB_TOKEN" => cvat.AccessToken, "LB_HOOK" => Secret, _ => null }));
        builder.Services.AddCvatPlatform();
        app = builder.Build();
        app.MapCvatWebhooks();
        await app.StartAsync(Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        cvat.AddWebhook(scene.Project.Id, new Uri($"{address.TrimEnd('/')}/webhooks/cvat/cvat-main"), Secret, SubscribedEvents);
    }

    public async ValueTask DisposeAsync()
    {
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
    public async Task LabelBridge_own_write_back_raises_deliveries_that_request_no_sweep()
    {
        await WriteOneIssueAsync(relabel: true);

        Assert.Contains(Cvat.WebhookDeliveries, d => d.Event == "create:issue");
        Assert.Contains(Cvat.WebhookDeliveries, d => d.Event == "update:job");
        Assert.All(Cvat.WebhookDeliveries, d => Assert.Equal(200, d.StatusCode));
        Assert.Empty(sweeps.Requests);
    }

    [Fact]
    public async Task A_reviewer_resolving_an_issue_requests_a_sweep_of_the_issue_s_project()
    {
        var issueId = await WriteOneIssueAsync(relabel: false);

        await AsReviewerAsync(HttpMethod.Patch, $"api/issues/{issueId}", """{"resolved": true}""");

        await Poll.UntilAsync(() => sweeps.Requests.Count > 0, "the reviewer's update:issue asked for a sweep");
        Assert.Equal(["reference"], sweeps.Requests.Distinct());
        // The emulator records a delivery once the receiver has answered, which is after the receiver asked for the sweep.
        await Poll.UntilAsync(() => Cvat.WebhookDeliveries.Any(d => d.Event == "update:issue"), "the update:issue delivery was recorded");
        var delivery = Cvat.WebhookDeliveries.Last(d => d.Event == "update:issue");
        Assert.DoesNotContain("project_id", JsonNode.Parse(delivery.Body)!["issue"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_reviewer_comment_is_traced_through_its_issue_and_job_to_the_project()
    {
        var issueId = await WriteOneIssueAsync(relabel: false);

        await AsReviewerAsync(HttpMethod.Post, "api/comments", $$"""{"issue": {{issueId}}, "message": "Looks right to me"}""");

        await Poll.UntilAsync(() => sweeps.Requests.Count > 0, "the reviewer's create:comment asked for a sweep");
        Assert.Equal(["reference"], sweeps.Requests.Distinct());
        Assert.Contains(Cvat.Requests, r => r.Method == "GET" && r.Path == $"/api/issues/{issueId}");
    }

    /// <summary>Writes one issue through LabelBridge's connector and waits until CVAT has delivered what that caused.</summary>
    private async Task<long> WriteOneIssueAsync(bool relabel)
    {
        var connector = app!.Services.GetServices<IPlatformConnectorFactory>().Single(f => f.Kind == PlatformKind.Cvat)
            .Create(app.Services.GetRequiredService<IOptions<LabelBridgeOptions>>().Value.Platforms[0]);
        var snapshot = await connector.ReadProjectAsync(scene!.ProjectId, Token);
        var written = await connector.WriteBackAsync(
            new WriteBackRequest(snapshot, Findings.For(snapshot, 1), relabel ? WriteBackMode.MarkersAndRelabel : WriteBackMode.Markers), Token);
        var expected = relabel ? 4 : 3;
        await Poll.UntilAsync(() => Cvat.WebhookDeliveries.Count >= expected, "CVAT delivered the events of LabelBridge's write");
        Assert.Empty(sweeps.Requests);
        return long.Parse(Assert.Single(written.Markers).MarkerId, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AsReviewerAsync(HttpMethod method, string path, string json)
    {
        using var client = app!.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var request = new HttpRequestMessage(method, new Uri(Cvat.BaseUrl, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Cvat.Options.ReviewerAccessToken);
        using var response = await client.SendAsync(request, Token);
        response.EnsureSuccessStatusCode();
    }

    private sealed class RecordingSweeps : ISweepRequester
    {
        private readonly List<string> requests = [];

        public IReadOnlyList<string> Requests
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
                requests.Add(project);
            }

            return Task.CompletedTask;
        }
    }
}
