using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Cluster.Tests;

/// <summary>Two <c>labelbridge serve</c> processes sharing one PostgreSQL database and one CVAT project of four jobs,
/// each job one embedding shard.</summary>
public sealed class ClusterSweepTests
{
    private static readonly TimeSpan FrameDelay = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_scheduled_sweep_runs_once_across_the_cluster_and_both_workers_embed_shards()
    {
        await using var database = await ClusterDatabase.CreateAsync();
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Cvat.Faults.DelayNext(100_000, FrameDelay, "/data");
        var options = ClusterConfig.For(harness.Options, database);
        var daily = TimeProvider.System.GetUtcNow().AddHours(12);
        options.Projects[0].Schedule = string.Create(CultureInfo.InvariantCulture, $"{daily.Second} {daily.Minute} {daily.Hour} * * ?");

        await using var cluster = await WorkerCluster.StartAsync(options, harness.Directory);
        await database.BringScheduleForwardAsync($"{SweepHarness.ProjectName}.schedule");
        var sweep = await FinishedSweepAsync(cluster);
        await cluster.UntilAsync(async () => await database.RowsAsync("qrtz_fired_triggers") == 0, "no job is running or due anywhere");

        Assert.Equal(SweepStatus.Succeeded, sweep.Status);
        Assert.Equal("schedule", sweep.Trigger);
        Assert.Single(await cluster.Store.ListSweepsAsync(SweepHarness.ProjectName, 10, Cancel));
        var shards = await cluster.Shards.GetShardsAsync(sweep.Id, Cancel);
        Assert.Equal(4, shards.Count);
        Assert.All(shards, s => Assert.True(s.IsComplete));
        Assert.Equal(WorkerCluster.Names, shards.Select(s => s.CompletedBy!).Distinct().Order(StringComparer.Ordinal));
        await AssertEveryFindingMarkedOnceAsync(cluster, harness, sweep.Id);
    }

    [Fact]
    public async Task A_worker_killed_mid_shard_has_its_shard_finished_by_the_other_with_the_findings_of_a_clean_run()
    {
        await using var database = await ClusterDatabase.CreateAsync();
        await using var harness = await SweepHarness.StartCvatAsync();
        var clean = await harness.SweepAsync(writeBack: WriteBackMode.DryRun);
        harness.Cvat.Faults.DelayNext(100_000, FrameDelay, "/data");
        await using var cluster = await WorkerCluster.StartAsync(ClusterConfig.For(harness.Options, database), harness.Directory);

        await cluster.RequestSweepAsync(WorkerCluster.Names[0], SweepHarness.ProjectName);
        SweepShardRecord? running = null;
        await cluster.UntilAsync(async () =>
        {
            var sweeps = await cluster.Store.ListSweepsAsync(SweepHarness.ProjectName, 1, Cancel);
            running = sweeps.Count == 0 ? null : (await cluster.Shards.GetShardsAsync(sweeps[0].Id, Cancel)).FirstOrDefault(s => s.ClaimedBy is not null && !s.IsComplete);
            return running is not null;
        }, "a worker is in the middle of a shard");
        var victim = running!.ClaimedBy!;
        var survivor = WorkerCluster.Names.Single(n => n != victim);
        await cluster.KillAsync(victim);
        var sweep = await FinishedSweepAsync(cluster);

        Assert.Equal(SweepStatus.Succeeded, sweep.Status);
        var recovered = (await cluster.Shards.GetShardsAsync(sweep.Id, Cancel)).Single(s => s.Index == running.Index);
        Assert.Equal(survivor, recovered.CompletedBy);
        Assert.True(recovered.Attempts >= 2, $"shard {recovered.Index} was started {recovered.Attempts} time(s)");
        var findings = await cluster.Store.GetFindingsAsync(sweep.Id, Cancel);
        Assert.Equal(clean.Report!.Findings.Select(f => f.Key), findings.Select(f => f.Finding.Key));
        await AssertEveryFindingMarkedOnceAsync(cluster, harness, sweep.Id);
    }

    [Fact]
    public async Task A_label_studio_project_is_embedded_in_pages_of_tasks_and_each_flagged_task_gets_one_prediction()
    {
        await using var database = await ClusterDatabase.CreateAsync();
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var options = ClusterConfig.For(harness.Options, database);
        options.Projects[0].ShardSize = 30;
        await using var cluster = await WorkerCluster.StartAsync(options, harness.Directory);

        await cluster.RequestSweepAsync(WorkerCluster.Names[1], SweepHarness.ProjectName);
        var sweep = await FinishedSweepAsync(cluster);

        Assert.Equal(SweepStatus.Succeeded, sweep.Status);
        var pages = (await cluster.Shards.GetShardsAsync(sweep.Id, Cancel)).Select(s => SweepCheckpoints.Deserialize<List<string>>(s.Scope)).ToList();
        var tasks = harness.LabelStudio.Model.Tasks(harness.Project.ProjectId).Select(t => $"ls:task/{t.Id}").ToList();
        Assert.InRange(pages.Count, 3, 4);
        Assert.Equal(tasks, pages.SelectMany(p => p));
        var findings = await cluster.Store.GetFindingsAsync(sweep.Id, Cancel);
        var predictions = harness.LabelStudio.Model.Predictions(projectId: harness.Project.ProjectId).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        Assert.NotEmpty(findings);
        Assert.Equal(findings.Select(f => f.ItemKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
            predictions.Select(p => $"ls:task/{p.Task}").Order(StringComparer.Ordinal));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<SweepRecord> FinishedSweepAsync(WorkerCluster cluster)
    {
        SweepRecord? finished = null;
        await cluster.UntilAsync(async () =>
        {
            var sweeps = await cluster.Store.ListSweepsAsync(SweepHarness.ProjectName, 10, Cancel);
            finished = sweeps.FirstOrDefault(s => s.Status is SweepStatus.Succeeded or SweepStatus.Failed);
            return finished is not null;
        }, "a sweep has finished");
        return finished!;
    }

    private static async Task AssertEveryFindingMarkedOnceAsync(WorkerCluster cluster, SweepHarness harness, long sweepId)
    {
        var findings = await cluster.Store.GetFindingsAsync(sweepId, Cancel);
        Assert.NotEmpty(findings);
        var markers = harness.Cvat.Model.Issues.Select(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id))).ToList();
        Assert.Equal(findings.Select(f => f.Finding.Key).Order(StringComparer.Ordinal), markers.Order(StringComparer.Ordinal));
        Assert.Empty(await cluster.Integrity.CheckIntegrityAsync(Cancel));
    }
}
