using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>Images cut off in transfer are named problems of their items (or, when the connection breaks before the
/// answer starts on every image, an outage that pauses the sweep), never wrong findings; once the server sends whole
/// images again the next sweep ends exactly as a clean run does.</summary>
public sealed class TruncatedImageTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Truncated_images_are_reported_per_item_and_the_sweep_after_repair_matches_a_clean_run(bool cvat)
    {
        await using var harness = cvat ? await SweepHarness.StartCvatAsync() : await SweepHarness.StartLabelStudioAsync();
        harness.Options.Platforms[0].CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
        var faults = cvat ? harness.Cvat.Faults : harness.LabelStudio.Faults;
        faults.TruncateImages = true;

        var truncated = await harness.SweepAsync();
        var markersWhileTruncated = MarkerCount(harness, cvat);
        faults.TruncateImages = false;
        var repaired = await Resume.UntilFinishedAsync(harness);

        if (truncated.Status == SweepStatus.Succeeded)
        {
            Assert.NotEmpty(truncated.Report!.Problems);
            Assert.All(truncated.Report.Problems, p => Assert.Matches("truncated|cut short|cut off", p.Reason));
        }
        else
        {
            Assert.Equal(SweepStatus.Paused, truncated.Status);
            Assert.Contains("CircuitBreakDuration", truncated.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, markersWhileTruncated);
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat), PlatformState.Of(harness, repaired.Report!, cvat));
    }

    private static int MarkerCount(SweepHarness harness, bool cvat) =>
        cvat ? harness.Cvat.Model.Issues.Count : harness.LabelStudio.Model.Predictions(projectId: harness.Project.ProjectId).Count;
}
