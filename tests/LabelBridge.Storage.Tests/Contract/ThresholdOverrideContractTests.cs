using LabelBridge.Core.Thresholds;

namespace LabelBridge.Storage.Tests.Contract;

/// <summary>Issue #17 item 2: an admin's threshold overrides, with who and when, per project.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset SetAt = new(2026, 12, 3, 6, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_threshold_override_is_kept_per_project_with_who_and_when_and_read_back_after_a_restart()
    {
        await Store.SaveThresholdOverrideAsync(new ThresholdOverride("shelves", "OutlierMinScore", 0.97, "ana (api)", SetAt), Ct);
        await Store.SaveThresholdOverrideAsync(new ThresholdOverride("shelves", "MislabelMinScore", 0.7, "bo (cli)", SetAt.AddMinutes(1)), Ct);
        await Store.SaveThresholdOverrideAsync(new ThresholdOverride("other", "MislabelMinScore", 0.2, "cy (api)", SetAt), Ct);

        var overrides = await Reopen().GetThresholdOverridesAsync("shelves", Ct);

        Assert.Equal(
            [
                new ThresholdOverride("shelves", "MislabelMinScore", 0.7, "bo (cli)", SetAt.AddMinutes(1)),
                new ThresholdOverride("shelves", "OutlierMinScore", 0.97, "ana (api)", SetAt),
            ],
            overrides);
    }

    [Fact]
    public async Task Setting_a_threshold_again_replaces_its_override_and_deleting_it_brings_the_configured_value_back()
    {
        await Store.SaveThresholdOverrideAsync(new ThresholdOverride("shelves", "MislabelMinScore", 0.7, "ana (api)", SetAt), Ct);
        await Store.SaveThresholdOverrideAsync(new ThresholdOverride("shelves", "MislabelMinScore", 0.8, "bo (cli)", SetAt.AddHours(1)), Ct);

        Assert.Equal(new ThresholdOverride("shelves", "MislabelMinScore", 0.8, "bo (cli)", SetAt.AddHours(1)),
            Assert.Single(await Store.GetThresholdOverridesAsync("shelves", Ct)));
        Assert.True(await Store.DeleteThresholdOverrideAsync("shelves", "MislabelMinScore", Ct));
        Assert.False(await Store.DeleteThresholdOverrideAsync("shelves", "MislabelMinScore", Ct));
        Assert.Empty(await Store.GetThresholdOverridesAsync("shelves", Ct));
    }
}
