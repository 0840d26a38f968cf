namespace LabelBridge.Platforms.Paging;

/// <summary>The items of a paged list, and why the read stopped early when it did.</summary>
internal sealed class PagedList<T>(IEnumerable<T> items, string? problem) : List<T>(items)
{
    /// <summary>Null when the platform said where the list ends; otherwise a sentence for the report.</summary>
    public string? Problem { get; } = problem;
}
