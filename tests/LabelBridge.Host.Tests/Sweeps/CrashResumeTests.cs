using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>A worker killed with SIGKILL in the middle of a sweep; the next run resumes it.</summary>
public sealed class CrashResumeTests
{
    [Fact]
    public async Task A_sweep_killed_during_write_back_resumes_with_every_issue_written_exactly_once()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        // The first issue is written at once and every later one stalls until the worker is killed (a stalled request
        // whose client is gone is never answered), so the kill lands mid-write however many writes run at once.
        harness.Cvat.Faults.DelayNext(1, TimeSpan.Zero, "/api/issues", "POST");
        harness.Cvat.Faults.DelayNext(10_000, TimeSpan.FromMinutes(10), "/api/issues", "POST");
        var config = WorkerProcess.WriteConfig(harness.Options, harness.Directory);

        using (var worker = WorkerProcess.Start(harness.Directory, "sweep", "--config", config, "--project", SweepHarness.ProjectName))
        {
            await Poll.UntilAsync(() => harness.Cvat.Model.Issues.Count >= 1 || worker.HasExited, "the worker has written some issues");
            Assert.False(worker.HasExited, worker.Output);
            await worker.KillHardAsync();
        }

        var beforeResume = harness.Cvat.Model.Issues.Count;
        harness.Cvat.Faults.Clear();
        var outcome = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.True(outcome.Resumed);
        var findings = outcome.Report!.Findings;
        Assert.True(beforeResume < findings.Count, $"the kill came too late: {beforeResume} of {findings.Count} issues were already written");
        Assert.Equal(findings.Count, harness.Cvat.Model.Issues.Count);
        var markers = harness.Cvat.Model.Issues.Select(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id))).ToList();
        Assert.Equal(findings.Select(f => f.Key).Order(StringComparer.Ordinal), markers.Order(StringComparer.Ordinal));
        await AssertEachMarkerRecordedOnceAsync(harness, findings);
        Assert.Empty(await harness.Get<IStoreIntegrityCheck>().CheckIntegrityAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_sweep_killed_during_label_studio_write_back_resumes_with_one_prediction_per_task_and_each_marker_once()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        // The predictions are created in bulk imports; then the first task's meta patch is answered at once and every later
        // one stalls until the worker is killed, so the kill lands with every prediction created, some tasks finished and
        // none of it in the store's ledger, however many requests run at once.
        StallMetaPatchesAfterTheFirst(harness);

        var beforeResume = await KillMidWriteAsync(harness);
        var outcome = await harness.SweepAsync();

        await AssertOnePredictionPerFlaggedTaskAndEachMarkerOnceAsync(harness, outcome, beforeResume);
    }

    [Fact]
    public async Task A_sweep_killed_after_a_bulk_import_whose_answer_was_lost_resumes_without_a_second_prediction_on_any_task()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        // The first import lands but its connection drops before the answer: the worker cannot tell whether it landed. It
        // lists the predictions before sending anything again, goes on to the meta patches, and is killed there.
        harness.LabelStudio.Faults.DropAnswerNext(1, "/import/predictions", "POST");
        StallMetaPatchesAfterTheFirst(harness);

        var beforeResume = await KillMidWriteAsync(harness);
        var outcome = await harness.SweepAsync();

        Assert.Contains(harness.LabelStudio.ApiRequests(), r => r.Path.EndsWith("/import/predictions", StringComparison.Ordinal));
        await AssertOnePredictionPerFlaggedTaskAndEachMarkerOnceAsync(harness, outcome, beforeResume);
    }

    private static void StallMetaPatchesAfterTheFirst(SweepHarness harness)
    {
        harness.LabelStudio.Faults.DelayNext(1, TimeSpan.Zero, "/api/tasks/", "PATCH");
        harness.LabelStudio.Faults.DelayNext(10_000, TimeSpan.FromMinutes(10), "/api/tasks/", "PATCH");
    }

    /// <summary>Runs a worker until one task has its meta entry, kills it, and clears the faults; returns how many tasks
    /// had their meta entry then.</summary>
    private static async Task<int> KillMidWriteAsync(SweepHarness harness)
    {
        var config = WorkerProcess.WriteConfig(harness.Options, harness.Directory);
        using (var worker = WorkerProcess.Start(harness.Directory, "sweep", "--config", config, "--project", SweepHarness.ProjectName))
        {
            await Poll.UntilAsync(() => TasksWithMeta(harness) >= 1 || worker.HasExited, "the worker has finished a task");
            Assert.False(worker.HasExited, worker.Output);
            await worker.KillHardAsync();
        }

        harness.LabelStudio.Faults.Clear();
        return TasksWithMeta(harness);
    }

    private static async Task AssertOnePredictionPerFlaggedTaskAndEachMarkerOnceAsync(SweepHarness harness, Core.Sweeps.SweepOutcome outcome, int beforeResume)
    {
        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.True(outcome.Resumed);
        var findings = outcome.Report!.Findings;
        var flaggedTasks = findings.Select(f => f.ItemKey).Distinct(StringComparer.Ordinal).Count();
        Assert.True(beforeResume < flaggedTasks, $"the kill came too late: {beforeResume} of {flaggedTasks} tasks were already finished");
        var predictions = OurPredictions(harness);
        Assert.Equal(flaggedTasks, predictions.Count);
        Assert.Equal(flaggedTasks, predictions.Select(p => p.Task).Distinct().Count());
        var regionKeys = predictions.SelectMany(p => p.Result.OfType<System.Text.Json.Nodes.JsonObject>()).Select(r => (string?)r["id"]).ToList();
        Assert.Equal(findings.Select(f => f.Key).Order(StringComparer.Ordinal), regionKeys.Order(StringComparer.Ordinal));
        Assert.Equal(flaggedTasks, TasksWithMeta(harness));
        await AssertEachMarkerRecordedOnceAsync(harness, findings);
        Assert.Empty(await harness.Get<IStoreIntegrityCheck>().CheckIntegrityAsync(TestContext.Current.CancellationToken));
    }

    private static int TasksWithMeta(SweepHarness harness) =>
        harness.LabelStudio.Model.Tasks(harness.Project.ProjectId).Count(t => t.Meta["labelbridge"] is System.Text.Json.Nodes.JsonObject entry && entry["findings"] is System.Text.Json.Nodes.JsonArray { Count: > 0 });

    [Fact]
    public async Task A_sweep_killed_during_embedding_resumes_from_its_snapshot_and_keeps_the_finished_batches()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Cvat.Faults.DelayNext(10_000, TimeSpan.FromMilliseconds(100), "/data");
        var config = WorkerProcess.WriteConfig(harness.Options, harness.Directory);
        var database = harness.Options.Store.SqlitePath;

        int cachedBeforeKill;
        using (var worker = WorkerProcess.Start(harness.Directory, "sweep", "--config", config, "--project", SweepHarness.ProjectName))
        {
            await Poll.UntilAsync(() => CachedEmbeddings(database) >= 16 || worker.HasExited, "the worker has cached a batch of embeddings");
            Assert.False(worker.HasExited, worker.Output);
            await worker.KillHardAsync();
            cachedBeforeKill = CachedEmbeddings(database);
        }

        harness.Cvat.Faults.Clear();
        var outcome = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.True(outcome.Resumed);
        var counts = outcome.Report!.Counts;
        Assert.True(cachedBeforeKill < harness.Project.Annotations, "the kill came after embedding had finished");
        Assert.Equal(harness.Project.Annotations, counts.PatchesEmbedded + counts.CacheHits);
        Assert.True(counts.CacheHits >= cachedBeforeKill);
        Assert.Equal(outcome.Report.Findings.Count, harness.Cvat.Model.Issues.Count);
        Assert.Empty(await harness.Get<IStoreIntegrityCheck>().CheckIntegrityAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The store's ledger holds one marker per finding: none from the killed run (it never reached the ledger), none twice.</summary>
    private static async Task AssertEachMarkerRecordedOnceAsync(SweepHarness harness, IReadOnlyList<Core.Sweeps.ReportedFinding> findings)
    {
        var recorded = await harness.Get<ILabelBridgeStore>().GetMarkersAsync(SweepHarness.ProjectName, TestContext.Current.CancellationToken);
        Assert.Equal(findings.Select(f => f.Key).Order(StringComparer.Ordinal), recorded.Select(m => m.FindingKey).Order(StringComparer.Ordinal));
    }

    private static List<Emulators.LabelStudio.Model.EmulatedPrediction> OurPredictions(SweepHarness harness) =>
        [.. harness.LabelStudio.Model.Predictions(projectId: harness.Project.ProjectId).Where(p => p.ModelVersion == "labelbridge-qa")];

    private static int CachedEmbeddings(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'embeddings'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT COUNT(*) FROM embeddings";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
