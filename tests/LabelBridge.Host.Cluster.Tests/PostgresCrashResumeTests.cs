using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Host.Cluster.Tests;

/// <summary>The kill -9 recovery of CrashResumeTests (in the functional tier), on the PostgreSQL store.</summary>
public sealed class PostgresCrashResumeTests
{
    [Fact]
    public async Task A_sweep_killed_while_embedding_and_again_while_writing_back_completes_with_every_issue_written_once()
    {
        await using var database = await ClusterDatabase.CreateAsync();
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Cvat.Faults.DelayNext(100_000, TimeSpan.FromMilliseconds(100), "/data");
        // The first issue is written at once and every later one stalls until the worker is killed (see CrashResumeTests).
        harness.Cvat.Faults.DelayNext(1, TimeSpan.Zero, "/api/issues", "POST");
        harness.Cvat.Faults.DelayNext(100_000, TimeSpan.FromMinutes(10), "/api/issues", "POST");
        var options = ClusterConfig.For(harness.Options, database);
        var config = WorkerProcess.WriteConfig(options, harness.Directory);

        await RunAndKillAsync(harness, config, async () => await database.RowsAsync("embeddings") >= 16, "a batch of embeddings is cached");
        var cachedBeforeKill = await database.RowsAsync("embeddings");
        await RunAndKillAsync(harness, config, () => Task.FromResult(harness.Cvat.Model.Issues.Count >= 1), "an issue is written");
        var issuesBeforeKill = harness.Cvat.Model.Issues.Count;
        harness.Cvat.Faults.Clear();
        await using var services = (ServiceProvider)WorkerServices.Build(options);
        var outcome = await services.GetRequiredService<ProjectSweeps>().RunAsync(SweepHarness.ProjectName, "manual", null, null, TestContext.Current.CancellationToken);

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.True(outcome.Resumed);
        Assert.Single(await services.GetRequiredService<ILabelBridgeStore>().ListSweepsAsync(SweepHarness.ProjectName, 10, TestContext.Current.CancellationToken));
        var findings = outcome.Report!.Findings;
        Assert.True(cachedBeforeKill < harness.Project.Annotations, "the first kill came after embedding had finished");
        Assert.True(issuesBeforeKill < findings.Count, $"the second kill came too late: {issuesBeforeKill} of {findings.Count} issues were written");
        var markers = harness.Cvat.Model.Issues.Select(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id))).ToList();
        Assert.Equal(findings.Select(f => f.Key).Order(StringComparer.Ordinal), markers.Order(StringComparer.Ordinal));
        Assert.Empty(await services.GetRequiredService<LabelBridge.Storage.IStoreIntegrityCheck>().CheckIntegrityAsync(TestContext.Current.CancellationToken));
    }

    private static async Task RunAndKillAsync(SweepHarness harness, string config, Func<Task<bool>> killWhen, string what)
    {
        using var worker = WorkerProcess.Start(harness.Directory, "sweep", "--config", config, "--project", SweepHarness.ProjectName);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!worker.HasExited && !await killWhen())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"gave up waiting until {what}\n{worker.Output}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.False(worker.HasExited, $"the sweep ended before {what}:\n{worker.Output}");
        await worker.KillHardAsync();
    }
}
