using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Transport;

/// <summary>Issue #15 item 2: a JSON answer is parsed as it arrives and refused at MaxResponseBytes or below the minimum
/// transfer rate; the job whose answer it was is named and skipped, the other jobs are read.</summary>
public sealed class ResponseLimitTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Annotations_answer_above_max_response_bytes_is_a_named_skipped_job_and_the_other_jobs_are_read()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var big = scene.TaskA.Jobs[0];
        harness.Emulator.Faults.PadBodyNext(1, 64L * 1024 * 1024, $"/api/jobs/{big.Id}/annotations");
        var connector = harness.Connector(p => p.MaxResponseBytes = 1024 * 1024);

        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);

        var problem = Assert.Single(snapshot.Problems, p => p.Subject == $"cvat:job/{big.Id}");
        Assert.Contains($"answer to annotations of job {big.Id} is ", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("bytes or more, above MaxResponseBytes (1048576)", problem.Reason, StringComparison.Ordinal);
        Assert.EndsWith("the job was skipped", problem.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(snapshot.Items, i => i.ImageRef.StartsWith($"job/{big.Id}/", StringComparison.Ordinal));
        Assert.Contains(snapshot.Items, i => i.ImageRef.StartsWith($"job/{scene.TaskB.Jobs[0].Id}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Annotations_answer_slower_than_the_minimum_transfer_rate_is_a_named_skipped_job()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var stalled = scene.TaskB.Jobs[0];
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), $"/api/jobs/{stalled.Id}/annotations");
        var connector = harness.Connector(p => (p.MinimumTransferRate, p.TransferRateWindow) = (100, TimeSpan.FromSeconds(1)));

        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);

        var problem = Assert.Single(snapshot.Problems, p => p.Subject == $"cvat:job/{stalled.Id}");
        Assert.True(problem.Reason.Contains("MinimumTransferRate", StringComparison.Ordinal), problem.Reason);
        Assert.Contains(snapshot.Items, i => i.ImageRef.StartsWith($"job/{scene.TaskA.Jobs[0].Id}/", StringComparison.Ordinal));
    }
}
