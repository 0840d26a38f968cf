using System.Text.Json;
using LabelBridge.Host.Tests.Sweeps;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.TriageApi;

/// <summary>Annotator and job quality read from the emulators (CVAT job assignees, Label Studio <c>completed_by</c>), in the
/// report and the API, and the per-job review budget applied by a sweep.</summary>
public sealed class QualityApiTests
{
    [Fact]
    public async Task Cvat_job_assignees_are_the_annotators_and_the_table_counts_annotations_findings_and_decisions_per_annotator_and_job()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var jobs = harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).OrderBy(j => j.Id).ToList();
        for (var i = 0; i < jobs.Count; i++)
        {
            jobs[i].Assignee = i % 2 == 0 ? "alice" : "bob";
        }

        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var dismissed = first.Findings[0];
        await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions", new { findingKeys = new[] { dismissed.Key }, verdict = "Dismissed" });

        var table = await client.GetJsonAsync($"/api/sweeps/{first.SweepId}/quality");

        var annotators = table.GetProperty("annotators").EnumerateArray().ToList();
        Assert.Equal(["alice", "bob"], annotators.Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(first.Counts.AnnotationsRead, annotators.Sum(r => r.GetProperty("annotations").GetInt32()));
        Assert.Equal(first.Findings.Count, annotators.Sum(r => r.GetProperty("findings").GetInt32()));
        Assert.Equal(1, annotators.Sum(r => r.GetProperty("dismissed").GetInt32()));
        var rows = table.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(jobs.Select(j => $"job {j.Id}").Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(first.Findings.Count, rows.Sum(r => r.GetProperty("findings").GetInt32()));
        var perHundred = rows.Select(r => r.GetProperty("findingsPer100").GetDouble()).ToList();
        Assert.Equal(perHundred.OrderDescending(), perHundred);
        Assert.NotNull(first.Quality);
        Assert.Equal(["alice", "bob"], first.Quality!.Annotators.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_trend_shows_findings_per_100_of_both_sweeps_after_the_annotation_set_changed()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var jobs = harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).OrderBy(j => j.Id).ToList();
        for (var i = 0; i < jobs.Count; i++)
        {
            jobs[i].Assignee = i % 2 == 0 ? "alice" : "bob";
        }

        var first = (await harness.SweepAsync()).Report!;
        // Between the sweeps bob's first job loses half its boxes and the last job goes to a new annotator.
        var shrunk = jobs[1];
        shrunk.Shapes.RemoveRange(0, shrunk.Shapes.Count / 2);
        jobs[^1].Assignee = "carol";
        var second = (await harness.SweepAsync()).Report!;
        Assert.NotEqual(Row(first.Quality!.Annotators, "bob").Annotations, Row(second.Quality!.Annotators, "bob").Annotations);

        await using var serve = await TriageServe.StartAsync(harness.Options);
        var trend = await serve.Client().GetJsonAsync($"/api/projects/{SweepHarness.ProjectName}/quality/trend");

        Assert.Equal([first.SweepId, second.SweepId], trend.GetProperty("sweeps").EnumerateArray().Select(s => s.GetProperty("sweepId").GetInt64()));
        var annotators = trend.GetProperty("annotators").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("findingsPer100").EnumerateArray().Select(PerHundred).ToList());
        Assert.Equal(["alice", "bob", "carol"], annotators.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, values) in annotators)
        {
            Assert.Equal([Find(first.Quality.Annotators, name)?.FindingsPer100, Find(second.Quality.Annotators, name)?.FindingsPer100], values);
        }

        Assert.Null(annotators["carol"][0]);
        var jobRows = trend.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(jobs.Count, jobRows.Count);
        Assert.All(jobRows, r => Assert.Equal(
            [Find(first.Quality.Jobs, r.GetProperty("name").GetString()!)?.FindingsPer100, Find(second.Quality.Jobs, r.GetProperty("name").GetString()!)?.FindingsPer100],
            r.GetProperty("findingsPer100").EnumerateArray().Select(PerHundred)));
        var newest = jobRows.Select(r => r.GetProperty("findingsPer100")[1].GetDouble()).ToList();
        Assert.Equal(newest.OrderDescending(), newest);

        Assert.Equal([first.SweepId, second.SweepId], second.QualityTrend!.Sweeps.Select(s => s.SweepId));
        Assert.Equal([Row(first.Quality.Annotators, "bob").FindingsPer100, Row(second.Quality.Annotators, "bob").FindingsPer100],
            second.QualityTrend.Annotators.Single(r => r.Name == "bob").FindingsPer100);
        var html = LabelBridge.Host.Reports.HtmlReport.Render(second);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"<span class=\"trend\">{Row(first.Quality.Annotators, "bob").FindingsPer100:0.0} → {Row(second.Quality.Annotators, "bob").FindingsPer100:0.0}</span>"), html, StringComparison.Ordinal);
        var lastOnly = await serve.Client().GetJsonAsync($"/api/projects/{SweepHarness.ProjectName}/quality/trend?last=1");
        Assert.Equal([second.SweepId], lastOnly.GetProperty("sweeps").EnumerateArray().Select(s => s.GetProperty("sweepId").GetInt64()));

        static Core.Quality.QualityRow? Find(IReadOnlyList<Core.Quality.QualityRow> rows, string name) => rows.SingleOrDefault(r => r.Name == name);
        static Core.Quality.QualityRow Row(IReadOnlyList<Core.Quality.QualityRow> rows, string name) => rows.Single(r => r.Name == name);
        static double? PerHundred(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

    [Fact]
    public async Task Label_studio_trend_follows_completed_by_across_sweeps_when_a_reviewer_reannotates_tasks()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var first = (await harness.SweepAsync()).Report!;
        // Between the sweeps user 3 submits a new annotation (the same regions) on the first three tasks: it becomes the
        // tasks' current annotation, so those boxes are user 3's from the second sweep on.
        var model = harness.LabelStudio.Model;
        var tasks = model.Tasks(harness.Project.ProjectId).Take(3).ToList();
        foreach (var task in tasks)
        {
            model.AddAnnotation(task.Id, task.Annotations[^1].Result.DeepClone().AsArray(), completedBy: 3);
        }

        var second = (await harness.SweepAsync()).Report!;
        Assert.Equal(["user 2"], first.Quality!.Annotators.Select(r => r.Name));
        Assert.Equal(["user 2", "user 3"], second.Quality!.Annotators.Select(r => r.Name).Order(StringComparer.Ordinal));

        await using var serve = await TriageServe.StartAsync(harness.Options);
        var trend = await serve.Client().GetJsonAsync($"/api/projects/{SweepHarness.ProjectName}/quality/trend");

        Assert.Equal([first.SweepId, second.SweepId], trend.GetProperty("sweeps").EnumerateArray().Select(s => s.GetProperty("sweepId").GetInt64()));
        var annotators = trend.GetProperty("annotators").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("findingsPer100").EnumerateArray().Select(PerHundred).ToList());
        Assert.Equal(["user 2", "user 3"], annotators.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, values) in annotators)
        {
            Assert.Equal([Find(first.Quality.Annotators, name)?.FindingsPer100, Find(second.Quality.Annotators, name)?.FindingsPer100], values);
        }

        Assert.Null(annotators["user 3"][0]);
        var jobRows = trend.GetProperty("jobs").EnumerateArray().ToList();
        Assert.All(jobRows, r => Assert.StartsWith("task ", r.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.All(jobRows, r => Assert.Equal(
            [Find(first.Quality.Jobs, r.GetProperty("name").GetString()!)?.FindingsPer100, Find(second.Quality.Jobs, r.GetProperty("name").GetString()!)?.FindingsPer100],
            r.GetProperty("findingsPer100").EnumerateArray().Select(PerHundred)));
        Assert.Equal([first.SweepId, second.SweepId], second.QualityTrend!.Sweeps.Select(s => s.SweepId));
        // Each sweep keeps its table as a small record of its own, which the trend reads instead of the whole report.
        var kept = await harness.Get<Core.Storage.ISweepStore>().GetSweepPartAsync(second.SweepId, Core.Quality.QualityTrends.TablePart, Cancel);
        var keptTable = Core.Sweeps.SweepCheckpoints.Deserialize<Core.Quality.QualityTable>(kept!);
        Assert.Equal(second.Quality.Annotators.Select(r => (r.Name, r.FindingsPer100)), keptTable.Annotators.Select(r => (r.Name, r.FindingsPer100)));

        static Core.Quality.QualityRow? Find(IReadOnlyList<Core.Quality.QualityRow> rows, string name) => rows.SingleOrDefault(r => r.Name == name);
        static double? PerHundred(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

    [Fact]
    public async Task The_trend_needs_the_token_and_a_configured_project()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        await using var serve = await TriageServe.StartAsync(harness.Options);

        using var anonymous = await serve.Client(token: null).GetAsync($"/api/projects/{SweepHarness.ProjectName}/quality/trend", Cancel);
        using var unknown = await serve.Client().GetAsync("/api/projects/nowhere/quality/trend", Cancel);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_sweep_run_by_serve_exports_findings_per_100_per_annotator_and_job_on_metrics()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        foreach (var job in harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs))
        {
            job.Assignee = "alice";
        }

        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        using (var requested = await client.PostAsync($"/api/projects/{SweepHarness.ProjectName}/sweeps", null, Cancel))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, requested.StatusCode);
        }

        await Poll.UntilAsync(
            () => client.GetJsonAsync($"/api/projects/{SweepHarness.ProjectName}/history"),
            history => history.EnumerateArray().Any(s => s.GetProperty("status").GetString() == "Succeeded"),
            "the sweep requested from serve has succeeded");
        var metrics = await Poll.UntilAsync(
            () => client.GetStringAsync("/metrics", Cancel),
            text => text.Contains("labelbridge_annotator_findings_per_100", StringComparison.Ordinal),
            "the annotator gauge is exported");

        Assert.Matches("labelbridge_annotator_findings_per_100[^\\n]*annotator=\"alice\"", metrics);
        Assert.Matches("labelbridge_job_findings_per_100[^\\n]*job=\"job \\d+\"", metrics);
    }

    [Fact]
    public async Task A_per_job_budget_keeps_the_worst_findings_of_each_job_and_names_the_rest_in_the_report()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var unbudgeted = (await harness.SweepAsync(writeBack: Core.Platforms.WriteBackMode.DryRun)).Report!;
        var jobOf = harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs)
            .SelectMany(j => j.Shapes.Select(s => ($"cvat:shape/{s["id"]}", j.Id))).ToDictionary(p => p.Item1, p => p.Id);
        var perJob = unbudgeted.Findings.GroupBy(f => jobOf[f.AnnotationKey]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Contains(perJob.Values, count => count > 1);

        harness.Options.Projects[0].MaxFindingsPerJob = 1;
        var budgeted = (await harness.SweepAsync(writeBack: Core.Platforms.WriteBackMode.DryRun)).Report!;

        var kept = budgeted.Findings.GroupBy(f => jobOf[f.AnnotationKey]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(perJob.Keys.Order(), kept.Keys.Order());
        Assert.All(kept, pair => Assert.Equal(unbudgeted.Findings.Where(f => jobOf[f.AnnotationKey] == pair.Key).MaxBy(f => f.Score)!.Key, Assert.Single(pair.Value).Key));
        var leftOut = perJob.Values.Sum() - perJob.Count;
        Assert.Contains(budgeted.Notes, n => n.StartsWith($"{leftOut} findings above threshold were left out by the review budgets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Label_studio_completed_by_is_the_annotator_and_each_task_is_a_job()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);

        var table = await serve.Client().GetJsonAsync($"/api/sweeps/{first.SweepId}/quality");

        var annotator = Assert.Single(table.GetProperty("annotators").EnumerateArray());
        Assert.Equal(("user 2", first.Counts.AnnotationsRead), (annotator.GetProperty("name").GetString(), annotator.GetProperty("annotations").GetInt32()));
        Assert.All(table.GetProperty("jobs").EnumerateArray(), r => Assert.StartsWith("task ", r.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Array, annotator.GetProperty("topConfusions").ValueKind);
    }
}
