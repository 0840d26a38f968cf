using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat;

namespace LabelBridge.Cvat.Tests.Conformance;

public sealed class SchemaConformanceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_request_the_connector_makes_is_allowed_by_the_CVAT_schema()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector(p => p.Organization = null);
        await connector.CheckAsync(Token);
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        await connector.FetchImageAsync(snapshot.Items[0], Token);
        var findings = snapshot.Annotations.Take(4)
            .Select(a => new Finding(FindingKeys.For(FindingKind.Outlier, a.Key), FindingKind.Outlier, 0.99, a.Key, a.Label, null, [], "Unlike the rest"))
            .ToList();
        var written = await connector.WriteBackAsync(
            new WriteBackRequest(snapshot, findings, WriteBackMode.MarkersAndRelabel, NeedsReviewTag: true, AllowCreateTagLabel: true), Token);
        await connector.ReadDecisionsAsync(snapshot, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, "something else"))], Token);
        await connector.ReadDecisionsAsync(snapshot, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, snapshot.Annotations.Single(a => a.Key == m.AnnotationKey).Label))], Token);
        await connector.DismissAsync(snapshot, written.Markers[0], Token);

        var schema = OpenApiSchema.Load();
        var requests = harness.Emulator.ApiRequests();

        Assert.Empty(requests.SelectMany(schema.Violations));
        var operations = requests.Select(schema.Operation).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "GET /api/auth/access_tokens/self", "GET /api/comments", "GET /api/issues", "GET /api/jobs", "GET /api/jobs/{id}", "GET /api/jobs/{id}/annotations/",
                "GET /api/jobs/{id}/data", "GET /api/jobs/{id}/data/meta", "GET /api/labels", "GET /api/projects/{id}",
                "GET /api/server/about", "GET /api/tasks", "GET /api/users/self", "PATCH /api/issues/{id}", "PATCH /api/jobs/{id}",
                "PATCH /api/jobs/{id}/annotations/", "PATCH /api/projects/{id}", "POST /api/comments", "POST /api/issues",
            ],
            operations);
    }

    [Fact]
    public void The_check_rejects_unknown_paths_methods_parameters_and_missing_body_fields()
    {
        var schema = OpenApiSchema.Load();
        var noQuery = new Dictionary<string, string>();

        Assert.NotEmpty(schema.Violations(new RecordedRequest("GET", "/api/frames/3", noQuery, null, null)));
        Assert.NotEmpty(schema.Violations(new RecordedRequest("PUT", "/api/issues/3", noQuery, "{}", null)));
        Assert.NotEmpty(schema.Violations(new RecordedRequest("GET", "/api/issues", new Dictionary<string, string> { ["jobid"] = "1" }, null, null)));
        Assert.NotEmpty(schema.Violations(new RecordedRequest("GET", "/api/jobs/3/data", new Dictionary<string, string> { ["number"] = "1" }, null, null)));
        Assert.NotEmpty(schema.Violations(new RecordedRequest("POST", "/api/issues", noQuery, """{"frame": 1, "job": 2, "position": [1, 2, 3, 4]}""", null)));
        Assert.Empty(schema.Violations(new RecordedRequest("POST", "/api/issues", noQuery, """{"frame": 1, "job": 2, "position": [1, 2, 3, 4], "message": "m"}""", null)));
    }
}
