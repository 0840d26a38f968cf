using LabelBridge.Platforms.Paging;

namespace LabelBridge.Platforms.Tests.Paging;

public sealed class PageGuardTests
{
    [Fact]
    public void Page_repeating_the_previous_one_is_dropped_and_stops_the_read()
    {
        var guard = new PageGuard<int>("tasks", 100);

        Assert.Equal(PageVerdict.Continue, guard.Check(1, [1, 2], hasMore: true, "p2"));
        Assert.Equal(PageVerdict.DropAndStop, guard.Check(2, [1, 2], hasMore: true, "p3"));
        Assert.Contains("page 2 of tasks repeats page 1", guard.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_url_already_followed_stops_the_read_and_keeps_the_page()
    {
        var guard = new PageGuard<int>("jobs", 100);

        Assert.Equal(PageVerdict.Continue, guard.Check(1, [1], hasMore: true, "p2"));
        Assert.Equal(PageVerdict.KeepAndStop, guard.Check(2, [2], hasMore: true, "p2"));
        Assert.Contains("already read", guard.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void More_items_than_the_platform_promised_stops_the_read()
    {
        var guard = new PageGuard<int>("labels", 100);

        Assert.Equal(PageVerdict.Continue, guard.Check(1, [1, 2], hasMore: true, "p2", promisedTotal: 3));
        Assert.Equal(PageVerdict.KeepAndStop, guard.Check(2, [3, 4], hasMore: true, "p3", promisedTotal: 3));
        Assert.Contains("more than the 3 it announced", guard.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_reaching_the_page_cap_stops_there()
    {
        var guard = new PageGuard<int>("issues", 2);

        Assert.Equal(PageVerdict.Continue, guard.Check(1, [1], hasMore: true, "p2"));
        Assert.Equal(PageVerdict.KeepAndStop, guard.Check(2, [2], hasMore: true, "p3"));
        Assert.Contains("more than 2 pages (MaxPages)", guard.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void List_the_platform_ends_leaves_no_problem()
    {
        var guard = new PageGuard<int>("tasks", 2);

        Assert.Equal(PageVerdict.Continue, guard.Check(1, [1], hasMore: true, "p2", promisedTotal: 2));
        Assert.Equal(PageVerdict.Last, guard.Check(2, [2], hasMore: false, null, promisedTotal: 2));
        Assert.Null(guard.Problem);
    }
}
