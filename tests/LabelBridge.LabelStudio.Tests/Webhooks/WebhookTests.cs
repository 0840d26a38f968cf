using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Webhooks;

public sealed class WebhookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Annotation_event_requests_a_sweep_of_the_matching_project_only()
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await PostAsync(host, AnnotationCreated(host.Project, completedBy: 2), EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([(EndpointHost.ProjectName, "webhook")], await host.SweepRequestsAfterBacklogAsync());
    }

    [Fact]
    public async Task Tasks_created_event_requests_a_sweep()
    {
        await using var host = await EndpointHost.StartAsync();
        var payload = new JsonObject
        {
            ["action"] = "TASKS_CREATED",
            ["tasks"] = new JsonArray(new JsonObject { ["id"] = 7, ["data"] = new JsonObject(), ["project"] = host.Project }),
            ["project"] = new JsonObject { ["id"] = host.Project, ["title"] = "Pets" },
        };

        using var _ = await PostAsync(host, payload, EndpointHost.WebhookSecret);

        Assert.Equal([EndpointHost.ProjectName], (await host.SweepRequestsAfterBacklogAsync()).Select(r => r.Project));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("hook-secret-4f1d")]
    [InlineData("")]
    public async Task Webhook_without_the_shared_secret_is_refused_and_requests_nothing(string? secret)
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await PostAsync(host, AnnotationCreated(host.Project, completedBy: 2), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await host.SweepRequestsAfterBacklogAsync());
    }

    [Fact]
    public async Task Event_caused_by_labelbridges_own_user_does_not_start_another_sweep()
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await PostAsync(host, AnnotationCreated(host.Project, completedBy: 1), EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await host.SweepRequestsAfterBacklogAsync());
    }

    [Fact]
    public async Task Project_event_that_is_not_about_annotations_is_ignored()
    {
        await using var host = await EndpointHost.StartAsync();

        using var _ = await PostAsync(host, new JsonObject { ["action"] = "PROJECT_UPDATED", ["project"] = new JsonObject { ["id"] = host.Project } }, EndpointHost.WebhookSecret);

        Assert.Empty(await host.SweepRequestsAfterBacklogAsync());
    }

    [Fact]
    public async Task Ml_backend_webhook_with_basic_auth_requests_a_sweep()
    {
        await using var host = await EndpointHost.StartAsync();

        using var response = await MlBackend.MlBackendTests.SendAsync(host, "webhook", new JsonObject { ["action"] = "START_TRAINING", ["project"] = new JsonObject { ["id"] = host.Project } }, basicPassword: EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([EndpointHost.ProjectName], (await host.SweepRequestsAfterBacklogAsync()).Select(r => r.Project));
    }

    [Fact]
    public async Task Oversized_body_is_rejected_and_requests_nothing()
    {
        await using var host = await EndpointHost.StartAsync();
        var payload = AnnotationCreated(host.Project, completedBy: 2);
        payload["padding"] = new string('x', 2 * 1024 * 1024);

        using var response = await PostAsync(host, payload, EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await host.SweepRequestsAfterBacklogAsync());
    }

    [Theory]
    [InlineData(2L, true)]
    [InlineData(1L, false)]
    public async Task Annotations_created_carries_lists_under_annotation_and_task_and_is_read_as_such(long completedBy, bool sweeps)
    {
        await using var host = await EndpointHost.StartAsync();
        var payload = new JsonObject
        {
            ["action"] = "ANNOTATIONS_CREATED",
            ["annotation"] = new JsonArray(
                new JsonObject { ["id"] = 11, ["result"] = new JsonArray(), ["completed_by"] = completedBy, ["task"] = 5 },
                new JsonObject { ["id"] = 12, ["result"] = new JsonArray(), ["completed_by"] = completedBy, ["task"] = 6 }),
            ["task"] = new JsonArray(
                new JsonObject { ["id"] = 5, ["data"] = new JsonObject(), ["project"] = host.Project },
                new JsonObject { ["id"] = 6, ["data"] = new JsonObject(), ["project"] = host.Project }),
        };

        using var response = await PostAsync(host, payload, EndpointHost.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sweeps ? [EndpointHost.ProjectName] : [], (await host.SweepRequestsAfterBacklogAsync()).Select(r => r.Project));
    }

    [Fact]
    public async Task Webhook_is_answered_before_the_call_back_to_label_studio_is_answered()
    {
        // Label Studio gives a receiver 1 s (WEBHOOK_TIMEOUT). What matters is that the answer does not wait for the call
        // back: the call back is answered after 8 s and the delivery given up after 4 s, a margin a loaded machine keeps.
        await using var host = await EndpointHost.StartAsync(new LabelStudioEmulatorOptions { WebhookTimeout = TimeSpan.FromSeconds(4) });
        var task = host.Harness.AddTask(host.Project, "cat.png");
        host.Harness.Emulator.Model.AddWebhook(
            host.Project, new Uri(host.BaseUrl, "webhooks/label-studio/ls-test").AbsoluteUri, new Dictionary<string, string> { ["X-LabelBridge-Secret"] = EndpointHost.WebhookSecret });

        // Who LabelBridge's own user is takes a call back to Label Studio; here Label Studio answers it after 8 s.
        host.Harness.Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(8), "/api/current-user/");
        var deliveries = await host.Harness.Emulator.AnnotateAsync(task, [], completedBy: 2, Ct);

        var delivery = Assert.Single(deliveries);
        Assert.False(delivery.TimedOut, $"Label Studio gave up the delivery after {delivery.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(200, delivery.Status);
        Assert.Equal([(EndpointHost.ProjectName, "webhook")], await host.SweepRequestsAfterBacklogAsync());
    }

    [Fact]
    public async Task Own_annotation_delivered_by_label_studio_is_answered_and_requests_nothing()
    {
        // Not about Label Studio's 1 s timeout (the test above is): a generous one keeps a loaded machine from failing it.
        await using var host = await EndpointHost.StartAsync(new LabelStudioEmulatorOptions { WebhookTimeout = TimeSpan.FromSeconds(30) });
        var task = host.Harness.AddTask(host.Project, "cat.png");
        host.Harness.Emulator.Model.AddWebhook(
            host.Project, new Uri(host.BaseUrl, "webhooks/label-studio/ls-test").AbsoluteUri, new Dictionary<string, string> { ["X-LabelBridge-Secret"] = EndpointHost.WebhookSecret });

        var delivery = Assert.Single(await host.Harness.Emulator.AnnotateAsync(task, [], completedBy: 1, Ct));
        await host.WebhookBacklogDrainedAsync();

        Assert.Equal(200, delivery.Status);
        Assert.Empty(await host.SweepRequestsAfterBacklogAsync());
    }

    [Fact]
    public void Secret_comparison_accepts_only_the_exact_value()
    {
        Assert.True(LabelStudio.Webhooks.SharedSecretCheck.FixedTimeEquals("abc", "abc"));
        Assert.False(LabelStudio.Webhooks.SharedSecretCheck.FixedTimeEquals("abc", "abd"));
        Assert.False(LabelStudio.Webhooks.SharedSecretCheck.FixedTimeEquals("abc", "abcd"));
    }

    private static JsonObject AnnotationCreated(long project, long completedBy) => new()
    {
        ["action"] = "ANNOTATION_CREATED",
        ["annotation"] = new JsonObject { ["id"] = 11, ["result"] = new JsonArray(), ["completed_by"] = completedBy, ["task"] = 5, ["project"] = project },
        ["task"] = new JsonObject { ["id"] = 5, ["data"] = new JsonObject(), ["project"] = project },
        ["project"] = new JsonObject { ["id"] = project, ["title"] = "Pets" },
    };

    private static async Task<HttpResponseMessage> PostAsync(EndpointHost host, JsonObject payload, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "webhooks/label-studio/ls-test"))
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("X-LabelBridge-Secret", secret);
        }

        return await host.Client.SendAsync(request, Ct);
    }
}
