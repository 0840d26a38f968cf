using System.Text;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Security;

/// <summary>The platform token never reaches anything a sweep writes: console, logs, reports, the store file.</summary>
public sealed class SecretLeakTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_token_appears_in_no_output_report_or_store_of_a_sweep(bool platformRefusesTheLogin)
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Cvat.Faults.ServeHtmlLoginPage = platformRefusesTheLogin;
        var config = WorkerProcess.WriteConfig(harness.Options, harness.Directory);
        var reports = Path.Combine(harness.Directory, "report");

        using var worker = WorkerProcess.Start(harness.Directory, "sweep", "--config", config, "--project", SweepHarness.ProjectName, "--report", reports);
        await Poll.UntilAsync(() => worker.HasExited, "the sweep has finished");
        await worker.ExitedAsync();

        var token = harness.Cvat.AccessToken;
        Assert.Contains(platformRefusesTheLogin ? "paused" : "finished", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, worker.Output, StringComparison.Ordinal);
        var written = Directory.EnumerateFiles(harness.Directory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(written, f => f.EndsWith("labelbridge.db", StringComparison.Ordinal));
        foreach (var file in written.Where(f => !f.EndsWith("labelbridge.json", StringComparison.Ordinal)))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            Assert.False(text.Contains(token, StringComparison.Ordinal), $"the token leaked into {Path.GetFileName(file)}");
        }
    }
}
