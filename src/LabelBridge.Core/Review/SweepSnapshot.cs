using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Review;

/// <summary>A sweep's snapshot indexed by key for review (the triage page, decisions), with the deep link into the platform.</summary>
public sealed class SweepSnapshot(ProjectSnapshot snapshot, Func<Item, Uri?>? platformLink)
{
    public ProjectSnapshot Snapshot { get; } = snapshot;

    public IReadOnlyDictionary<string, Annotation> Annotations { get; } =
        snapshot.Annotations.DistinctBy(a => a.Key).ToDictionary(a => a.Key, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Item> Items { get; } = snapshot.Items.DistinctBy(i => i.Key).ToDictionary(i => i.Key, StringComparer.Ordinal);

    public Uri? LinkOf(string itemKey) => platformLink is { } link && Items.TryGetValue(itemKey, out var item) ? link(item) : null;
}
