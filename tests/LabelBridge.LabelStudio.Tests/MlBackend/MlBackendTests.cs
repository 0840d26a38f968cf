using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.MlBackend;

public sealed class MlBackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("health")]
    [InlineData("")]
    public async Task Health_answers_UP_as_label_studio_expects_of_an_ml_backend(string path)
    {
        await using var host = await EndpointHost.StartAsync();

        var health = await host.Client.GetFromJsonAsync<JsonObject>(new Uri(host.BaseUrl, $"ml-backend/label-studio/ls-test/{path}"), Ct);

        Assert.Equal("UP", (string?)health!["status"]);
    }

    [Fact]
    public async Task Unknown_platform_is_not_found()
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri(host.BaseUrl, "ml-backend/label-studio/nope/health"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Setup_with_the_basic_auth_password_returns_the_model_version()
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await SendAsync(host, "setup", new JsonObject { ["project"] = $"{host.Project}.1700000000", ["schema"] = Regions.RectangleConfig }, basicPassword: EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("labelbridge-qa", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["model_version"]);
    }

    [Fact]
    public async Task Setup_without_the_shared_secret_is_refused()
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await SendAsync(host, "setup", new JsonObject { ["project"] = "1.1" }, basicPassword: "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Predict_answers_one_prediction_per_task_in_order_from_the_latest_finished_sweep()
    {
        await using var host = await EndpointHost.StartAsync();
        var (cat, dog) = SeedTasks(host);
        var finding = await SeedSweepsAsync(host, cat);
        var tasks = new JsonArray(await TaskJsonAsync(host, dog), await TaskJsonAsync(host, cat));

        using var response = await SendAsync(host, "predict", new JsonObject { ["tasks"] = tasks, ["project"] = $"{host.Project}.1700000000" }, basicPassword: EndpointHost.WebhookSecret);

        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("labelbridge-qa", (string?)answer["model_version"]);
        var results = answer["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.Empty(results[0]!.AsArray());
        var prediction = Assert.Single(results[1]!.AsArray())!;
        var region = Assert.Single(prediction["result"]!.AsArray())!;
        Assert.Equal(finding.Key, (string?)region["id"]);
        Assert.Equal("Dog", (string?)region["value"]!["rectanglelabels"]![0]);
        Assert.Equal("labelbridge-qa", (string?)prediction["model_version"]);
        Assert.Equal(0.9, (double)prediction["score"]!);
    }

    [Fact]
    public async Task Predict_leaves_out_a_finding_a_reviewer_dismissed_while_the_annotation_is_unchanged()
    {
        await using var host = await EndpointHost.StartAsync();
        var (cat, _) = SeedTasks(host);
        var finding = await SeedSweepsAsync(host, cat);
        await host.Store.SaveDecisionAsync(
            new DecisionRecord(EndpointHost.ProjectName, finding.Key, finding.AnnotationKey, "v1", DecisionVerdict.Dismissed, "triage", DateTimeOffset.UnixEpoch), Ct);

        using var response = await SendAsync(host, "predict", new JsonObject { ["tasks"] = new JsonArray(await TaskJsonAsync(host, cat)) }, basicPassword: EndpointHost.WebhookSecret);

        var results = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["results"]!.AsArray();
        Assert.Empty(Assert.Single(results)!.AsArray());
    }

    [Fact]
    public async Task Predict_accepts_the_480_tasks_of_one_retrieve_predictions_beyond_the_webhook_body_limit()
    {
        await using var host = await EndpointHost.StartAsync();
        var (cat, _) = SeedTasks(host);
        await SeedSweepsAsync(host, cat);
        var one = await TaskJsonAsync(host, cat);
        one["data"]!["caption"] = new string('x', 2_200);
        var tasks = new JsonArray([.. Enumerable.Range(0, 480).Select(_ => one.DeepClone())]);
        var body = new JsonObject { ["tasks"] = tasks, ["project"] = $"{host.Project}.1700000000" };
        Assert.True(body.ToJsonString().Length > 1024 * 1024);

        using var response = await SendAsync(host, "predict", body, basicPassword: EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["results"]!.AsArray();
        Assert.Equal(480, results.Count);
        Assert.All(results, r => Assert.Single(r!.AsArray()));
    }

    [Fact]
    public async Task Versions_lists_the_model_version_label_studio_shows()
    {
        await using var host = await EndpointHost.StartAsync();

        var versions = await host.Client.GetFromJsonAsync<JsonObject>(new Uri(host.BaseUrl, "ml-backend/label-studio/ls-test/versions"), Ct);

        Assert.Equal(["labelbridge-qa"], versions!["versions"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Predict_fetches_the_annotations_a_request_left_out()
    {
        await using var host = await EndpointHost.StartAsync();
        var (cat, _) = SeedTasks(host);
        var finding = await SeedSweepsAsync(host, cat);
        var bare = new JsonObject { ["id"] = cat, ["data"] = new JsonObject { ["image"] = "/data/upload/x.png" }, ["project"] = host.Project };

        using var response = await SendAsync(host, "predict", new JsonObject { ["tasks"] = new JsonArray(bare) }, header: EndpointHost.WebhookSecret);

        var results = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["results"]!.AsArray();
        Assert.Equal(finding.Key, (string?)results.Single()![0]!["result"]![0]!["id"]);
    }

    private static (long Cat, long Dog) SeedTasks(EndpointHost host)
    {
        var harness = host.Harness;
        var cat = harness.AddTask(host.Project, "cat.png");
        harness.Emulator.Model.AddAnnotation(cat, Regions.Result(Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100)));
        var dog = harness.AddTask(host.Project, "dog.png");
        harness.Emulator.Model.AddAnnotation(dog, Regions.Result(Regions.Rectangle("r2", 10, 20, 30, 40, "Dog", 200, 100)));
        return (cat, dog);
    }

    /// <summary>A finished sweep flagging the cat box, and a newer failed sweep whose findings must not be served.</summary>
    private static async Task<Finding> SeedSweepsAsync(EndpointHost host, long catTask)
    {
        var key = $"ls:task/{catTask}/region/r1";
        var finding = new Finding(FindingKeys.For(FindingKind.Mislabel, key), FindingKind.Mislabel, 0.9, key, "Cat", "Dog", [], "labelled Cat; neighbours are Dog");
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var finished = await host.Store.CreateSweepAsync(EndpointHost.ProjectName, "manual", now, Ct);
        await host.Store.SaveFindingsAsync(finished.Id, [new StoredFinding(finished.Id, finding, "v1", $"ls:task/{catTask}")], Ct);
        await host.Store.FinishSweepAsync(finished.Id, SweepStatus.Succeeded, now.AddMinutes(1), null, Ct);
        var failed = await host.Store.CreateSweepAsync(EndpointHost.ProjectName, "manual", now.AddMinutes(2), Ct);
        var stale = finding with { Key = FindingKeys.For(FindingKind.Outlier, key), Kind = FindingKind.Outlier };
        await host.Store.SaveFindingsAsync(failed.Id, [new StoredFinding(failed.Id, stale, "v1", $"ls:task/{catTask}")], Ct);
        await host.Store.FinishSweepAsync(failed.Id, SweepStatus.Failed, now.AddMinutes(3), "boom", Ct);
        return finding;
    }

    private static async Task<JsonObject> TaskJsonAsync(EndpointHost host, long taskId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Harness.Emulator.BaseUrl, $"api/tasks/{taskId}/"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", host.Harness.Emulator.LegacyToken);
        using var response = await host.Client.SendAsync(request, Ct);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    internal static async Task<HttpResponseMessage> SendAsync(EndpointHost host, string path, JsonObject body, string? basicPassword = null, string? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, $"ml-backend/label-studio/ls-test/{path}"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (basicPassword is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"labelstudio:{basicPassword}")));
        }

        if (header is not null)
        {
            request.Headers.Add("X-LabelBridge-Secret", header);
        }

        return await host.Client.SendAsync(request, Ct);
    }
}
