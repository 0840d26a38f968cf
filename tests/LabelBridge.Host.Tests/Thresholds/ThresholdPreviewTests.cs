using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Emulators.Scenes;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Tests.TriageApi;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.Thresholds;

/// <summary>Issue #17 item 2 over real HTTP: a preview's counts equal what sweeps with those thresholds write (CVAT
/// emulator, SQLite and PostgreSQL stores); overrides are validated like the configuration and token-guarded.</summary>
public sealed class ThresholdPreviewTests
{
    private const string Path = "/api/projects/shelves/thresholds";

    [Fact]
    public Task Preview_counts_equal_what_sweeps_with_those_thresholds_write_on_sqlite() => PreviewEqualsSweepsAsync(null);

    [Fact]
    public async Task Preview_counts_equal_what_sweeps_with_those_thresholds_write_on_postgresql()
    {
        var database = await PostgresTestDatabase.CreateAsync(Cancel);
        var variable = $"THRESHOLD_TEST_PG_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, database.ConnectionString);
        try
        {
            await PreviewEqualsSweepsAsync(new StoreOptions { Provider = StoreProvider.Postgres, PostgresConnection = new SecretOptions { Env = variable } });
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            await database.DropAsync();
        }
    }

    [Fact]
    public async Task An_override_is_refused_in_the_configuration_words_needs_the_token_and_clearing_it_brings_the_configured_value_back()
    {
        using var directory = new TempDirectory();
        var options = SyntheticSweep.Options(directory.Path);
        options.Projects[0].Thresholds.MislabelMinScore = 0.6;
        await using var serve = await TriageServe.StartAsync(options);
        var client = serve.Client();
        const string path = "/api/projects/synthetic/thresholds";

        var (outOfRange, outOfRangeTitle) = await PutAsync(client, path + "/MislabelMinScore", new { value = 1.5, by = "ana" });
        var (unknownName, unknownNameTitle) = await PutAsync(client, path + "/NeighbourCount", new { value = 5, by = "ana" });
        var (anonymous, _) = await PutAsync(client, path + "/MislabelMinScore", new { value = 0.7 });
        var (unknownProject, _) = await PutAsync(client, "/api/projects/nowhere/thresholds/MislabelMinScore", new { value = 0.7, by = "ana" });
        var (noToken, _) = await PutAsync(serve.Client(token: null), path + "/MislabelMinScore", new { value = 0.7, by = "ana" });
        var (set, _) = await PutAsync(client, path + "/mislabelMinScore", new { value = 0.7, by = "ana" });
        var overridden = Kind(await client.GetJsonAsync(path), "MislabelMinScore");
        using var cleared = await client.DeleteAsync(path + "/MislabelMinScore", Cancel);
        var after = await client.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, outOfRange);
        Assert.Equal("Projects[0].Thresholds.MislabelMinScore: 1.5 is out of range (0 to 1)", outOfRangeTitle);
        Assert.Equal(HttpStatusCode.BadRequest, unknownName);
        Assert.Contains("MislabelMinScore, OutlierMinScore", unknownNameTitle, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, anonymous);
        Assert.Equal(HttpStatusCode.NotFound, unknownProject);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        Assert.Equal(HttpStatusCode.OK, set);
        Assert.Equal(0.6, overridden.GetProperty("configured").GetDouble());
        Assert.Equal(0.7, overridden.GetProperty("effective").GetDouble());
        Assert.Equal("ana (api)", overridden.GetProperty("override").GetProperty("setBy").GetString());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, Kind(after, "MislabelMinScore").GetProperty("override").ValueKind);
        Assert.Equal(0.6, Kind(after, "MislabelMinScore").GetProperty("effective").GetDouble());
        Assert.Contains("no finished sweep", after.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    // Confusable-biased flips at 12%: calibrated scores spread between 0 and 1, so thresholds write different counts
    // (with easy flips every mislabel scores 1 and the budget writes the same 8 at every threshold).
    private static SceneOptions PreviewScenes => new(FramesPerTask: 12, JobSize: 6, MislabelRate: 0.12, ConfusableBias: 1);

    private static async Task PreviewEqualsSweepsAsync(StoreOptions? store)
    {
        await using var harness = await SweepHarness.StartCvatAsync(PreviewScenes, store: store);
        var first = await harness.SweepAsync();
        Assert.Equal(SweepStatus.Succeeded, first.Status);
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();

        var preview = await client.GetJsonAsync(Path + "?at=0.33");

        Assert.Equal(first.SweepId, preview.GetProperty("sweepId").GetInt64());
        Assert.Equal(first.Report!.Findings.Count, preview.GetProperty("written").GetInt32());
        var mislabel = Rows(Kind(preview, "MislabelMinScore"));
        Assert.Contains(mislabel, r => r.Threshold == 0.33);
        Assert.Equal(first.Report.Points.Count, Kind(preview, "MislabelMinScore").GetProperty("histogram").EnumerateArray().Sum(b => b.GetInt32()));
        // Thresholds that write different numbers of findings, so a preview that ignored the threshold would fail.
        var chosen = mislabel.GroupBy(r => r.Written).Select(g => g.Last()).OrderBy(r => r.Threshold).ToList();
        Assert.True(chosen.Count >= 2, $"the preview shows only {chosen.Count} distinct count(s): {string.Join(", ", mislabel.Select(r => $"{r.Threshold}:{r.Written}"))}");
        chosen = [chosen[0], chosen[chosen.Count / 2], chosen[^1]];
        var outlier = Rows(Kind(preview, "OutlierMinScore")).First(r => r.Threshold == 0.5);

        foreach (var row in chosen.Distinct())
        {
            await AssertSweepWritesAsync(harness, client, "MislabelMinScore", row, FindingKind.Mislabel);
        }

        await client.DeleteAsync(Path + "/MislabelMinScore", Cancel);
        await AssertSweepWritesAsync(harness, client, "OutlierMinScore", outlier, FindingKind.Outlier);
    }

    private static async Task AssertSweepWritesAsync(SweepHarness harness, HttpClient client, string name, Row row, FindingKind kind)
    {
        var (status, title) = await PutAsync(client, $"{Path}/{name}", new { value = row.Threshold, by = "ana" });
        Assert.True(status == HttpStatusCode.OK, title);

        var outcome = await harness.SweepAsync();

        var report = outcome.Report!;
        Assert.True(row.Written == report.Findings.Count, $"{name} {row.Threshold}: preview {row.Written}, sweep wrote {report.Findings.Count}");
        Assert.Equal(row.Findings, report.Findings.Count(f => f.Kind == kind));
        Assert.Equal(row.Findings, (await harness.Get<ILabelBridgeStore>().GetFindingsAsync(outcome.SweepId, Cancel)).Count(f => f.Finding.Kind == kind));
        Assert.Contains(report.Notes, n => n.StartsWith($"{name} ", StringComparison.Ordinal) && n.Contains("override set by ana (api)", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, string? Title)> PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        var title = text.TrimStart().StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        return (response.StatusCode, title);
    }

    private static JsonElement Kind(JsonElement preview, string threshold) =>
        preview.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("threshold").GetString() == threshold);

    private static List<Row> Rows(JsonElement kind) =>
        [.. kind.GetProperty("rows").EnumerateArray().Select(r => new Row(r.GetProperty("threshold").GetDouble(), r.GetProperty("findings").GetInt32(), r.GetProperty("written").GetInt32()))];

    private sealed record Row(double Threshold, int Findings, int Written);
}
