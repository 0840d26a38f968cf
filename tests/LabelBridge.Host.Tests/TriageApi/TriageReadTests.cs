using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.TriageApi;

public sealed class TriageReadTests
{
    private static readonly string[] Garments = ["bag", "coat", "shirt", "sneaker"];

    [Fact]
    public async Task Points_of_200k_annotations_round_trip_exactly_as_columns_and_are_sent_compressed()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(Store(serve), 200_000, Garments, flagEvery: 97, Cancel);
        var client = serve.Client();

        var summary = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/summary");
        var points = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/points");

        var labels = Strings(summary.GetProperty("labels"));
        var kinds = Strings(summary.GetProperty("kinds"));
        var populations = Strings(summary.GetProperty("populations"));
        Assert.Equal(Garments, labels);
        Assert.Equal(["Mislabel"], kinds);
        Assert.Equal(["objects", "image-labels"], populations);
        Assert.Equal(labels, Strings(points.GetProperty("labels")));
        var count = points.GetProperty("count").GetInt32();
        Assert.Equal(report.Points.Count, count);
        var x = Bytes(points, "x");
        var y = Bytes(points, "y");
        var label = Bytes(points, "label");
        var kind = Bytes(points, "kind");
        var score = Bytes(points, "score");
        var population = Bytes(points, "population");
        var annotationKeys = points.GetProperty("annotationKeys");
        var findingKeys = points.GetProperty("findingKeys");
        Assert.Equal([count * 4, count * 4, count * 2, count, count * 4, count], [x.Length, y.Length, label.Length, kind.Length, score.Length, population.Length]);
        for (var i = 0; i < count; i++)
        {
            var expected = report.Points[i];
            Assert.Equal(expected.X, BinaryPrimitives.ReadSingleLittleEndian(x.AsSpan(i * 4)));
            Assert.Equal(expected.Y, BinaryPrimitives.ReadSingleLittleEndian(y.AsSpan(i * 4)));
            Assert.Equal(expected.Label, labels[BinaryPrimitives.ReadUInt16LittleEndian(label.AsSpan(i * 2))]);
            Assert.Equal(expected.Kind?.ToString(), (sbyte)kind[i] is var k && k >= 0 ? kinds[k] : null);
            Assert.Equal((float)expected.Score, BinaryPrimitives.ReadSingleLittleEndian(score.AsSpan(i * 4)));
            Assert.Equal(i % 7 == 6 ? "image-labels" : "objects", populations[population[i]]);
            Assert.Equal(expected.AnnotationKey, annotationKeys[i].GetString());
            Assert.Equal(expected.FindingKey, findingKeys[i].GetString());
        }

        var raw = serve.Client(decompress: false);
        raw.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var compressed = await raw.GetAsync($"/api/sweeps/{report.SweepId}/points", Cancel);
        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.True((await compressed.Content.ReadAsByteArrayAsync(Cancel)).Length < x.Length * 4, "the compressed payload is not smaller than its columns");
    }

    [Fact]
    public async Task Points_of_a_cached_sweep_are_built_once_and_every_request_gets_the_same_bytes()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(Store(serve), 2_000, Garments, flagEvery: 97, Cancel);
        var client = serve.Client();
        var builds = 0;
        serve.App.Services.GetRequiredService<LabelBridge.Host.Web.Triage.TriageSweeps>().BuildPointColumns = sweep =>
        {
            Interlocked.Increment(ref builds);
            return LabelBridge.Host.Web.Triage.PointColumns.Of(sweep);
        };

        var first = await client.GetByteArrayAsync($"/api/sweeps/{report.SweepId}/points", Cancel);
        var second = await client.GetByteArrayAsync($"/api/sweeps/{report.SweepId}/points", Cancel);

        Assert.Equal(first, second);
        Assert.Equal(1, builds);
    }

    [Fact]
    public async Task Points_whose_build_failed_are_built_again_by_the_next_request_instead_of_failing_while_the_sweep_is_cached()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(Store(serve), 200, Garments, flagEvery: 17, Cancel);
        var client = serve.Client();
        var builds = 0;
        serve.App.Services.GetRequiredService<LabelBridge.Host.Web.Triage.TriageSweeps>().BuildPointColumns = sweep =>
            Interlocked.Increment(ref builds) == 1
                ? throw new InvalidOperationException("the first build fails")
                : LabelBridge.Host.Web.Triage.PointColumns.Of(sweep);

        using var failed = await client.GetAsync($"/api/sweeps/{report.SweepId}/points", Cancel);
        var points = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/points");
        await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/points");

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(200, points.GetProperty("count").GetInt32());
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task A_sweep_with_one_class_and_no_findings_has_empty_kinds_findings_and_confusion_and_an_older_report_takes_populations_from_its_snapshot()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(Store(serve), 40, ["coat"], flagEvery: 0, Cancel, legacy: true);
        var client = serve.Client();

        var summary = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/summary");
        var points = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/points");
        var findings = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/findings");
        var confusion = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/confusion");

        Assert.Equal(["coat"], Strings(summary.GetProperty("labels")));
        Assert.Empty(Strings(summary.GetProperty("kinds")));
        Assert.Equal(["objects", "image-labels"], Strings(summary.GetProperty("populations")));
        Assert.Equal(1, Bytes(points, "population")[6]);
        Assert.Equal(40, points.GetProperty("count").GetInt32());
        Assert.All(Bytes(points, "kind"), k => Assert.Equal(-1, (sbyte)k));
        Assert.Equal(0, findings.GetProperty("total").GetInt32());
        Assert.Empty(confusion.GetProperty("cells").EnumerateArray());
        Assert.Equal(["coat"], Strings(confusion.GetProperty("labels")));
    }

    [Fact]
    public async Task The_summary_says_about_how_many_labels_look_wrong_and_how_many_are_shown_as_the_cli_does_and_nothing_for_a_sweep_without_an_estimate()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var estimated = await SyntheticSweep.WriteAsync(Store(serve), 400, Garments, flagEvery: 20, Cancel, estimate: new LabelErrorEstimate(400, 23, 20, "combined"));
        var without = await SyntheticSweep.WriteAsync(Store(serve), 40, Garments, flagEvery: 0, Cancel);
        var client = serve.Client();

        var estimate = (await client.GetJsonAsync($"/api/sweeps/{estimated.SweepId}/summary")).GetProperty("estimate");
        var none = await client.GetJsonAsync($"/api/sweeps/{without.SweepId}/summary");

        Assert.Equal("about 23 labels (5.8%) look wrong; showing the 20 most likely", estimate.GetProperty("sentence").GetString());
        Assert.Equal([400, 23, 20], [estimate.GetProperty("population").GetInt32(), estimate.GetProperty("estimatedWrong").GetInt32(), estimate.GetProperty("shown").GetInt32()]);
        Assert.Equal("combined", estimate.GetProperty("scorer").GetString());
        Assert.True(!none.TryGetProperty("estimate", out var absent) || absent.ValueKind == JsonValueKind.Null, $"a sweep without an estimate got {absent}");
    }

    [Fact]
    public async Task A_stale_sweep_id_is_a_named_404_and_a_sweep_without_a_report_is_a_409_with_the_reason()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var store = Store(serve);
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var running = await store.CreateSweepAsync(SyntheticSweep.Project, "manual", at, Cancel);
        await store.CompleteStageAsync(running.Id, SweepStage.Snapshot, Array.Empty<byte>(), Cancel);
        var paused = await store.CreateSweepAsync(SyntheticSweep.Project, "schedule", at, Cancel);
        await store.FinishSweepAsync(paused.Id, SweepStatus.Paused, at, "platform: CVAT answered 503", Cancel);
        var failed = await store.CreateSweepAsync(SyntheticSweep.Project, "schedule", at, Cancel);
        await store.FinishSweepAsync(failed.Id, SweepStatus.Failed, at, "InvalidDataException: bad checkpoint", Cancel);
        var client = serve.Client();

        foreach (var endpoint in new[] { "summary", "points", "findings", "confusion" })
        {
            Assert.Equal((HttpStatusCode.NotFound, "Sweep 99 does not exist."), await client.ProblemAsync($"/api/sweeps/99/{endpoint}"));
            Assert.Equal((HttpStatusCode.Conflict, $"Sweep {running.Id} is still running (stage Embeddings)."), await client.ProblemAsync($"/api/sweeps/{running.Id}/{endpoint}"));
            Assert.Equal((HttpStatusCode.Conflict, $"Sweep {paused.Id} paused: platform: CVAT answered 503"), await client.ProblemAsync($"/api/sweeps/{paused.Id}/{endpoint}"));
            Assert.Equal((HttpStatusCode.Conflict, $"Sweep {failed.Id} failed: InvalidDataException: bad checkpoint"), await client.ProblemAsync($"/api/sweeps/{failed.Id}/{endpoint}"));
        }

        var history = await client.GetJsonAsync($"/api/projects/{SyntheticSweep.Project}/history");
        Assert.Equal([failed.Id, paused.Id, running.Id], history.EnumerateArray().Select(h => h.GetProperty("sweepId").GetInt64()));
        Assert.All(history.EnumerateArray(), h => Assert.Empty(h.GetProperty("findingsByKind").EnumerateObject()));
    }

    [Fact]
    public async Task Findings_are_filtered_by_label_population_and_score_sorted_and_paged()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(Store(serve), 1000, Garments, flagEvery: 5, Cancel);
        var client = serve.Client();
        var path = $"/api/sweeps/{report.SweepId}/findings";

        var first = await client.GetJsonAsync($"{path}?limit=10");
        var second = await client.GetJsonAsync($"{path}?limit=10&offset=10");
        var coats = await client.GetJsonAsync($"{path}?label=coat&suggested=shirt&minScore=0.5&sort=score&limit=500");
        var images = await client.GetJsonAsync($"{path}?population=image-labels&status=open&limit=500");

        Assert.Equal(200, first.GetProperty("total").GetInt32());
        var scores = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(f => f.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(report.Findings.Take(20).Select(f => f.Score), scores);
        var expectedCoats = report.Findings.Where(f => f.GivenLabel == "coat" && f.SuggestedLabel == "shirt" && f.Score >= 0.5).OrderBy(f => f.Score).Select(f => f.Key);
        Assert.Equal(expectedCoats, coats.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        var item = coats.GetProperty("items")[0];
        Assert.Equal($"/api/projects/{SyntheticSweep.Project}/thumbnails?annotation={Uri.EscapeDataString(item.GetProperty("annotationKey").GetString()!)}", item.GetProperty("thumbnailUrl").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("decision").ValueKind);
        Assert.Equal(report.Findings.Count(f => int.Parse(f.AnnotationKey["cvat:shape/".Length..], System.Globalization.CultureInfo.InvariantCulture) % 7 == 6), images.GetProperty("total").GetInt32());
        Assert.Equal((HttpStatusCode.BadRequest, "Unknown status 'maybe': use open, confirmed or dismissed."), await client.ProblemAsync($"{path}?status=maybe"));
    }

    [Fact]
    public async Task A_selection_lists_its_findings_worst_first_then_the_rest_and_the_confusion_cells_hold_the_mislabels()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(Store(serve), 100, Garments, flagEvery: 10, Cancel);
        var client = serve.Client();
        var selected = report.Points.Take(30).Select(p => p.AnnotationKey).Append("cvat:shape/does-not-exist").ToList();

        var page = await client.PostJsonAsync($"/api/sweeps/{report.SweepId}/selection", new { annotationKeys = selected, offset = 0, limit = 5 });
        var rest = await client.PostJsonAsync($"/api/sweeps/{report.SweepId}/selection", new { annotationKeys = selected, offset = 5, limit = 60 });
        var confusion = await client.GetJsonAsync($"/api/sweeps/{report.SweepId}/confusion");

        Assert.Equal(30, page.GetProperty("total").GetInt32());
        var all = page.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).ToList();
        var flagged = report.Findings.Where(f => selected.Contains(f.AnnotationKey)).OrderByDescending(f => f.Score).Select(f => f.AnnotationKey).ToList();
        Assert.Equal(flagged, all.Take(flagged.Count).Select(a => a.GetProperty("annotationKey").GetString()));
        Assert.All(all.Skip(flagged.Count), a => Assert.Equal(JsonValueKind.Null, a.GetProperty("finding").ValueKind));
        Assert.Equal("frame_000000.jpg", all.Single(a => a.GetProperty("annotationKey").GetString() == "cvat:shape/0").GetProperty("itemName").GetString());
        var cells = confusion.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(report.Findings.Count, cells.Sum(c => c.GetProperty("count").GetInt32()));
        foreach (var cell in cells)
        {
            var expected = report.Findings.Where(f => f.GivenLabel == cell.GetProperty("given").GetString() && f.SuggestedLabel == cell.GetProperty("suggested").GetString());
            Assert.Equal(expected.Select(f => f.Key).Order(StringComparer.Ordinal), Strings(cell.GetProperty("findingKeys")).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task History_counts_findings_by_kind_newest_first()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var older = await SyntheticSweep.WriteAsync(Store(serve), 100, Garments, flagEvery: 10, Cancel);
        var newer = await SyntheticSweep.WriteAsync(Store(serve), 120, Garments, flagEvery: 20, Cancel);

        var history = (await serve.Client().GetJsonAsync($"/api/projects/{SyntheticSweep.Project}/history")).EnumerateArray().ToList();

        Assert.Equal([newer.SweepId, older.SweepId], history.Select(h => h.GetProperty("sweepId").GetInt64()));
        Assert.Equal([6, 10], history.Select(h => h.GetProperty("findingsByKind").GetProperty("Mislabel").GetInt32()));
        Assert.Equal([120, 100], history.Select(h => h.GetProperty("pointCount").GetInt32()));
        Assert.Equal("Succeeded", history[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stored_thumbnail_is_served_as_jpeg_and_a_missing_one_is_a_named_404()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
        await Store(serve).PutThumbnailAsync(SyntheticSweep.Project, "cvat:shape/1", jpeg, Cancel);
        var client = serve.Client();

        using var found = await client.GetAsync($"/api/projects/{SyntheticSweep.Project}/thumbnails?annotation={Uri.EscapeDataString("cvat:shape/1")}", Cancel);
        var missing = await client.ProblemAsync($"/api/projects/{SyntheticSweep.Project}/thumbnails?annotation={Uri.EscapeDataString("cvat:shape/2")}");

        Assert.Equal("image/jpeg", found.Content.Headers.ContentType!.MediaType);
        Assert.Equal(jpeg, await found.Content.ReadAsByteArrayAsync(Cancel));
        Assert.True(found.Headers.CacheControl!.Private);
        Assert.Equal((HttpStatusCode.NotFound, "No thumbnail for cvat:shape/2: the item may have been deleted or not embedded yet."), missing);
    }

    private static ILabelBridgeStore Store(TriageServe serve) => serve.App.Services.GetRequiredService<ILabelBridgeStore>();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static byte[] Bytes(JsonElement points, string column) => Convert.FromBase64String(points.GetProperty(column).GetString()!);
}
