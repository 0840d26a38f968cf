using System.Globalization;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Thresholds;
using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>Issue #17 item 2: the threshold control on the triage page shows what a value would write and stores an
/// override with who set it.</summary>
public sealed class ThresholdPageTests(ThresholdPageTests.ThresholdFixture fixture) : IClassFixture<ThresholdPageTests.ThresholdFixture>
{
    [Fact]
    public async Task Moving_the_mislabel_threshold_shows_the_workers_count_and_applying_it_stores_an_override_with_who()
    {
        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&view=thresholds");
        var preview = (await fixture.Harness.Get<ThresholdPreviewer>().PreviewAsync(SweepHarness.ProjectName, [0.8], TestContext.Current.CancellationToken)).Preview!;
        var expected = preview.Kinds.Single(k => k.Threshold == "MislabelMinScore").Rows.Single(r => r.Threshold == 0.8);
        var panel = page.Locator(".threshold[data-threshold=MislabelMinScore]");

        await Assertions.Expect(panel.Locator(".threshold-histogram rect")).ToHaveCountAsync(ScoreHistogram.DefaultBins);
        await page.FillAsync("input[data-threshold=MislabelMinScore]", "0.8");
        var outcome = panel.Locator(".threshold-outcome");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-findings", expected.Findings.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-written", expected.Written.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#threshold-by", "ana");
        await page.ClickAsync("button[data-apply=MislabelMinScore]");

        await Assertions.Expect(page.Locator("#threshold-status")).ToContainTextAsync("MislabelMinScore set to 0.8; it applies from the next sweep.");
        await Assertions.Expect(page.Locator(".threshold[data-threshold=MislabelMinScore] .override")).ToContainTextAsync("0.8 by ana (api)");
        var stored = Assert.Single(await fixture.Harness.Get<ILabelBridgeStore>().GetThresholdOverridesAsync(SweepHarness.ProjectName, TestContext.Current.CancellationToken));
        Assert.Equal(new ThresholdOverride(SweepHarness.ProjectName, "MislabelMinScore", 0.8, "ana (api)", stored.SetAt), stored);

        await page.ClickAsync("button[data-reset=MislabelMinScore]");

        await Assertions.Expect(page.Locator(".threshold[data-threshold=MislabelMinScore] .override")).ToHaveTextAsync("none");
    }

    public sealed class ThresholdFixture : TriagePageFixture;
}
