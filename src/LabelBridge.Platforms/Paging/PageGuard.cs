namespace LabelBridge.Platforms.Paging;

/// <summary>What to do with a page a platform just served.</summary>
internal enum PageVerdict
{
    /// <summary>Keep its items and ask for the next page.</summary>
    Continue,

    /// <summary>Keep its items; this was the last page.</summary>
    Last,

    /// <summary>Keep its items, then stop: asking further would not end (see <see cref="PageGuard{T}.Problem"/>).</summary>
    KeepAndStop,

    /// <summary>Drop its items and stop: they repeat the previous page (see <see cref="PageGuard{T}.Problem"/>).</summary>
    DropAndStop,
}

/// <summary>Ends every paged list read, whatever the platform says: stops on a repeated page (the same <c>next</c> URL or
/// the same items again), on an empty page that says more follow, on more items than the platform promised, and at
/// <see cref="MaxPages"/>.</summary>
/// <remarks>A server that always answers a <c>next</c>, or claims a total of 10^9 and serves its last page again, would
/// otherwise be followed forever (1,300 pages a minute on loopback). Each stop leaves a sentence in <see cref="Problem"/>
/// for the snapshot's problems, so the report says the list was cut and why; the items read so far are kept.</remarks>
internal sealed class PageGuard<T>(string what, int maxPages, IEqualityComparer<T>? itemComparer = null)
{
    /// <summary>Every sentence of <see cref="Problem"/> says this, so a reader of problems can tell a cut list.</summary>
    public const string CutThere = "the list is cut there";

    private readonly HashSet<string> nextUrls = new(StringComparer.Ordinal);
    private readonly IEqualityComparer<T> comparer = itemComparer ?? EqualityComparer<T>.Default;
    private List<T>? previous;
    private long items;

    public int MaxPages { get; } = Math.Max(1, maxPages);

    /// <summary>Why the read was cut short, or null when the platform said where the list ends.</summary>
    public string? Problem { get; private set; }

    /// <param name="page">The 1-based number of the page just served.</param>
    /// <param name="pageItems">Its items.</param>
    /// <param name="hasMore">Whether the platform says another page follows (a <c>next</c> URL, or fewer items than its total so far).</param>
    /// <param name="next">The <c>next</c> URL, when the platform gives one.</param>
    /// <param name="promisedTotal">The number of items the platform says the list holds, when it says.</param>
    public PageVerdict Check(int page, IReadOnlyList<T> pageItems, bool hasMore, string? next = null, long? promisedTotal = null)
    {
        ArgumentNullException.ThrowIfNull(pageItems);
        if (pageItems.Count > 0 && previous is { } last && last.Count == pageItems.Count && last.SequenceEqual(pageItems, comparer))
        {
            return Stop(PageVerdict.DropAndStop, $"page {page} of {what} repeats page {page - 1}; {CutThere} ({items} items read)");
        }

        previous = [.. pageItems];
        items += pageItems.Count;
        if (promisedTotal is { } total && items > total)
        {
            return Stop(PageVerdict.KeepAndStop, $"{what} served {items} items by page {page}, more than the {total} it announced; {CutThere}");
        }

        if (!hasMore)
        {
            return PageVerdict.Last;
        }

        if (pageItems.Count == 0)
        {
            // An empty page that says more follow would be followed to MaxPages (10,000 requests for an empty list).
            return Stop(PageVerdict.KeepAndStop, $"page {page} of {what} is empty but says more follow; {CutThere} ({items} items read)");
        }

        if (!string.IsNullOrEmpty(next) && !nextUrls.Add(next))
        {
            return Stop(PageVerdict.KeepAndStop, $"page {page} of {what} points again at a page already read; {CutThere} ({items} items read)");
        }

        return page >= MaxPages
            ? Stop(PageVerdict.KeepAndStop, $"{what} has more than {MaxPages} pages (MaxPages); {CutThere} ({items} items read); raise MaxPages or PageSize if the project is that large")
            : PageVerdict.Continue;
    }

    private PageVerdict Stop(PageVerdict verdict, string problem)
    {
        Problem = problem;
        return verdict;
    }
}
