using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Platforms.Concurrency;

namespace LabelBridge.Platforms.Tests.Concurrency;

public sealed class PlatformGatesTests
{
    [Fact]
    public void Every_connector_of_one_platform_shares_one_gate_with_MaxConcurrentRequests_slots()
    {
        using var gates = new PlatformGates();

        var first = gates.For(Cvat("cvat-main", 3));
        var second = gates.For(Cvat("CVAT-main", 3));

        Assert.Same(first, second);
        Assert.Equal(3, first.CurrentCount);
    }

    [Fact]
    public async Task The_cap_holds_across_connectors_a_request_beyond_it_waits_for_a_slot()
    {
        using var gates = new PlatformGates();
        var a = gates.For(Cvat("cvat-main", 2));
        var b = gates.For(Cvat("cvat-main", 2));
        await a.WaitAsync(TestContext.Current.CancellationToken);
        await b.WaitAsync(TestContext.Current.CancellationToken);

        var third = a.WaitAsync(TestContext.Current.CancellationToken);

        Assert.False(third.IsCompleted);
        b.Release();
        await third;
    }

    [Fact]
    public void Other_platforms_and_a_changed_cap_get_their_own_gate()
    {
        using var gates = new PlatformGates();
        var main = gates.For(Cvat("cvat-main", 3));

        Assert.NotSame(main, gates.For(Cvat("cvat-other", 3)));
        Assert.NotSame(main, gates.For(new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.LabelStudio, MaxConcurrentRequests = 3 }));
        var resized = gates.For(Cvat("cvat-main", 5));
        Assert.NotSame(main, resized);
        Assert.Equal(5, resized.CurrentCount);
    }

    [Fact]
    public void A_cap_below_one_still_lets_one_request_through()
    {
        using var gates = new PlatformGates();

        Assert.Equal(1, gates.For(Cvat("cvat-main", 0)).CurrentCount);
    }

    private static PlatformOptions Cvat(string name, int slots) =>
        new() { Name = name, Kind = PlatformKind.Cvat, MaxConcurrentRequests = slots };
}
