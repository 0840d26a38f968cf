using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>Splits a sweep's embedding work into shards of whole platform units: a CVAT job (or task, when the item
/// has no job) or a Label Studio task, packed in snapshot order until a shard holds about the shard size.</summary>
/// <remarks>A unit is never split, so one shard reads its images from one place (a CVAT job's data endpoint), and a
/// consecutive run of Label Studio tasks is a page of them. Items without annotations need no embedding and are left out.</remarks>
public static class EmbeddingShards
{
    /// <summary>The item keys of each shard; a single shard (or none) when the work is too small to split.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Split(ProjectSnapshot snapshot, int shardSize)
    {
        var annotationsPerItem = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var annotation in snapshot.Annotations)
        {
            annotationsPerItem[annotation.ItemKey] = annotationsPerItem.GetValueOrDefault(annotation.ItemKey) + 1;
        }

        var units = new List<(List<string> Items, int Annotations)>();
        var unitIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items.DistinctBy(i => i.Key))
        {
            var count = annotationsPerItem.GetValueOrDefault(item.Key);
            if (count == 0)
            {
                continue;
            }

            var unit = UnitOf(item);
            if (!unitIndex.TryGetValue(unit, out var index))
            {
                unitIndex[unit] = index = units.Count;
                units.Add(([], 0));
            }

            units[index].Items.Add(item.Key);
            units[index] = (units[index].Items, units[index].Annotations + count);
        }

        var shards = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var size = 0;
        foreach (var (items, annotations) in units)
        {
            current.AddRange(items);
            size += annotations;
            if (shardSize > 0 && size >= shardSize)
            {
                shards.Add(current);
                (current, size) = ([], 0);
            }
        }

        if (current.Count > 0)
        {
            shards.Add(current);
        }

        return shards;
    }

    /// <summary>The items and annotations of one shard, in snapshot order.</summary>
    public static (IReadOnlyList<Item> Items, IReadOnlyList<Annotation> Annotations) Select(ProjectSnapshot snapshot, IReadOnlyCollection<string> itemKeys)
    {
        var wanted = itemKeys as IReadOnlySet<string> ?? new HashSet<string>(itemKeys, StringComparer.Ordinal);
        return ([.. snapshot.Items.Where(i => wanted.Contains(i.Key))], [.. snapshot.Annotations.Where(a => wanted.Contains(a.ItemKey))]);
    }

    private static string UnitOf(Item item) =>
        item.Location.JobId is { } job ? $"job/{job}" : $"task/{item.Location.TaskId}";
}
