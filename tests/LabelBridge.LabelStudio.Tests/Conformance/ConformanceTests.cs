using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.LabelStudio.Tests.Conformance;

public sealed class ConformanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_request_the_connector_makes_is_a_community_edition_operation_of_the_reference()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.PageSize = 1);
        var project = harness.AddProject();
        var cat = harness.AddTask(project, "cat.png");
        harness.Emulator.Model.AddAnnotation(cat, Regions.Result(Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100), Regions.Choices("c1", "Indoor")));
        var dog = harness.AddTask(project, "dog.png");
        harness.Emulator.Model.AddAnnotation(dog, Regions.Result(Regions.Rectangle("r2", 10, 20, 30, 40, "Dog", 200, 100)));
        var connector = harness.Connector;

        await connector.CheckAsync(Ct);
        var snapshot = await connector.ReadProjectAsync($"{project}", Ct);
        await connector.FetchImageAsync(snapshot.Items[0], Ct);
        var findings = new[] { Mislabel($"ls:task/{cat}/region/r1"), Mislabel($"ls:task/{dog}/region/r2") };
        var written = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.MarkersAndRelabel), Ct);
        await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings[..1], WriteBackMode.MarkersAndRelabel), Ct);
        await connector.ReadDecisionsAsync(snapshot, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, "Cat"))], Ct);
        await connector.DismissAsync(snapshot, written.Markers[0], Ct);

        var requests = harness.Emulator.ApiRequests();
        var violations = requests.Select(r => OpenApiReference.Instance.Check(r.Method, r.Path, r.Query.Keys)).OfType<string>().Distinct().ToList();
        Assert.Empty(violations);
        Assert.Contains(requests, r => r.Method == "PATCH" && r.Path.StartsWith("/api/dm/views/", StringComparison.Ordinal) || r.Method == "POST" && r.Path == "/api/dm/views/");
        Assert.Contains(requests, r => r.Method == "DELETE");
    }

    [Theory]
    [InlineData("/api/tasks/", "get", "200", "api/tasks/?project={project}&page=1&page_size=10&fields=all")]
    [InlineData("/api/predictions/", "get", "200", "api/predictions/?project={project}")]
    [InlineData("/api/dm/views/", "get", "200", "api/dm/views/?project={project}")]
    [InlineData("/api/version/", "get", "200", "api/version/")]
    [InlineData("/api/webhooks/", "get", "200", "api/webhooks/?project={project}")]
    public async Task Emulator_answers_carry_every_property_the_reference_requires(string template, string method, string status, string url)
    {
        await using var harness = await Harness.StartAsync(Core.Configuration.PlatformAuthScheme.Token);
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png");
        harness.Emulator.Model.AddPrediction(task, "m1", [], 0.5);
        harness.Emulator.Model.AddView(project, new() { ["title"] = "Default" });
        harness.Emulator.Model.AddWebhook(project, "https://labelbridge.example.org/webhooks/label-studio/ls");
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(harness.Emulator.BaseUrl, url.Replace("{project}", $"{project}", StringComparison.Ordinal)));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", harness.Emulator.LegacyToken);

        using var response = await http.SendAsync(request, Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        var required = OpenApiReference.Instance.RequiredResponseProperties(template, method, status);
        Assert.NotEmpty(required);
        var objects = body is JsonArray array ? array.OfType<JsonObject>().ToList() : [body.AsObject()];
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.All(required, name => Assert.True(o.ContainsKey(name), $"missing '{name}'")));
    }

    [Fact]
    public async Task Emulator_selects_tasks_by_id_as_label_studio_does_and_fails_where_it_fails()
    {
        await using var harness = await Harness.StartAsync(Core.Configuration.PlatformAuthScheme.Token);
        var project = harness.AddProject();
        var ids = Enumerable.Range(0, 5).Select(i => harness.AddTask(project, $"t{i}.png")).ToList();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient();

        async Task<(int Status, List<long> Ids)> ListAsync(string query)
        {
            var url = new Uri(harness.Emulator.BaseUrl, $"api/tasks/?project={project}&fields=all&query={Uri.EscapeDataString(query)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", harness.Emulator.LegacyToken);
            using var response = await http.SendAsync(request, Ct);
            if (!response.IsSuccessStatusCode)
            {
                return ((int)response.StatusCode, []);
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
            return ((int)response.StatusCode, [.. body["tasks"]!.AsArray().Select(t => (long)t!["id"]!)]);
        }

        var picked = await ListAsync($$$"""{"selectedItems": {"all": false, "included": [{{{ids[3]}}}, {{{ids[1]}}}, 999999]}}""");
        Assert.Equal(200, picked.Status);
        Assert.Equal([ids[1], ids[3]], picked.Ids);
        // managers.py TaskQuerySet.prepared: an empty "included" filters nothing.
        Assert.Equal(ids, (await ListAsync("""{"selectedItems": {"all": false, "included": []}}""")).Ids);
        Assert.Equal(ids, (await ListAsync("{}")).Ids);
        Assert.Equal(500, (await ListAsync("""{"selectedItems": {"included": [1]}}""")).Status);
        Assert.Equal(500, (await ListAsync("""{"selectedItems": {"all": false, "included": ["a"]}}""")).Status);
        Assert.Equal(500, (await ListAsync("not json")).Status);
    }

    /// <summary>label_studio/data_import/api.py ImportPredictionsAPI, data_import/urls.py, tasks/models.py
    /// Prediction.prepare_prediction_result, core/utils/common.py custom_exception_handler.</summary>
    [Fact]
    public async Task Emulator_imports_predictions_as_label_studio_does_and_fails_where_it_fails()
    {
        await using var harness = await Harness.StartAsync(Core.Configuration.PlatformAuthScheme.Token);
        var project = harness.AddProject();
        var tasks = Enumerable.Range(0, 3).Select(i => harness.AddTask(project, $"t{i}.png")).ToList();
        var other = harness.AddProject();
        var foreign = harness.AddTask(other, "elsewhere.png");
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient();
        var model = harness.Emulator.Model;

        async Task<(int Status, JsonNode? Body)> ImportAsync(string body, string path = "import/predictions", long? into = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.BaseUrl, $"api/projects/{into ?? project}/{path}"))
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", harness.Emulator.LegacyToken);
            using var response = await http.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
        }

        string Item(object task, string result = """[{"id": "a", "type": "choices", "value": {"choices": ["x"]}}]""") =>
            $$"""{"task": {{task}}, "result": {{result}}, "score": 0.5, "model_version": "m1"}""";

        var created = await ImportAsync($"[{Item(tasks[0])}, {Item(tasks[2])}, {{\"task\": {tasks[1]}, \"result\": []}}]");
        Assert.Equal(201, created.Status);
        Assert.Equal(3, (int)created.Body!["created"]!);
        Assert.Null(created.Body["id"]);
        var stored = model.Predictions(project);
        Assert.Equal([tasks[0], tasks[2], tasks[1]], stored.Select(p => p.Task));
        Assert.Equal(["m1", "m1", "undefined"], stored.Select(p => p.ModelVersion));
        Assert.Equal([0.5, 0.5, null], stored.Select(p => p.Score));

        // Refused whole: a task of another project, an unknown task, a task id as a string, a result that is not a list of objects.
        foreach (var bad in new[] { Item(foreign), Item(999_999), Item($"\"{tasks[0]}\""), Item(tasks[0], "[1]"), Item(tasks[0], "null") })
        {
            var refused = await ImportAsync($"[{Item(tasks[1])}, {bad}]");
            Assert.Equal(400, refused.Status);
            Assert.Equal("Validation error", (string?)refused.Body!["detail"]);
            Assert.Single(refused.Body["validation_errors"]!["non_field_errors"]!.AsArray());
        }

        Assert.Equal(3, model.Predictions(project).Count);
        Assert.Empty(model.Predictions(other));
        // Not a list of objects: the view fails outside validation.
        Assert.Equal(500, (await ImportAsync(Item(tasks[0]))).Status);
        Assert.Equal(500, (await ImportAsync($"[{tasks[0]}]")).Status);
        Assert.Equal(400, (await ImportAsync("[{")).Status);
        Assert.Equal(404, (await ImportAsync($"[{Item(tasks[0])}]", into: 999_999)).Status);
        Assert.Equal(404, (await ImportAsync($"[{Item(tasks[0])}]", "import/predictions/")).Status);
        Assert.Equal(3, model.Predictions(project).Count);
    }

    [Fact]
    public void Checker_rejects_what_the_reference_does_not_define()
    {
        var reference = OpenApiReference.Instance;

        Assert.Null(reference.Check("GET", "/api/tasks/", ["project", "page", "page_size", "fields"]));
        Assert.NotNull(reference.Check("GET", "/api/tasks/", ["projekt"]));
        Assert.NotNull(reference.Check("GET", "/api/taskz/", []));
        Assert.NotNull(reference.Check("PATCH", "/api/version/", []));
    }

    private static Finding Mislabel(string annotationKey) =>
        new(FindingKeys.For(FindingKind.Mislabel, annotationKey), FindingKind.Mislabel, 0.8, annotationKey, "Cat", "Dog", [], "labelled Cat; neighbours say Dog");
}
