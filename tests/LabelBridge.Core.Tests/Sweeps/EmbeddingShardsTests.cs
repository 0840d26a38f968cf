using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Sweeps;

public sealed class EmbeddingShardsTests
{
    [Fact]
    public void Cvat_frames_are_sharded_by_job_and_a_job_is_never_split()
    {
        var items = new List<Item>();
        for (var frame = 0; frame < 6; frame++)
        {
            items.Add(Frame(task: 1, job: frame < 4 ? 10 : 11, frame));
        }

        var snapshot = Snapshot(PlatformKind.Cvat, items, objectsPerItem: 3);

        var shards = EmbeddingShards.Split(snapshot, shardSize: 5);

        Assert.Equal(2, shards.Count);
        Assert.Equal(items.Take(4).Select(i => i.Key), shards[0]);
        Assert.Equal(items.Skip(4).Select(i => i.Key), shards[1]);
    }

    [Fact]
    public void Label_studio_tasks_are_packed_into_pages_of_about_the_shard_size()
    {
        var items = Enumerable.Range(1, 7).Select(t => new Item($"ls:task/{t}", $"c{t}", 100, 100, new ItemLocation(t), $"/data/{t}.jpg", $"{t}.jpg")).ToList();
        var snapshot = Snapshot(PlatformKind.LabelStudio, items, objectsPerItem: 2);

        var shards = EmbeddingShards.Split(snapshot, shardSize: 6);

        Assert.Equal([3, 3, 1], shards.Select(s => s.Count));
        Assert.Equal(items.Select(i => i.Key), shards.SelectMany(s => s));
        var (shardItems, annotations) = EmbeddingShards.Select(snapshot, [.. shards[2]]);
        Assert.Equal(["ls:task/7"], shardItems.Select(i => i.Key));
        Assert.Equal(2, annotations.Count);
        Assert.All(annotations, a => Assert.Equal("ls:task/7", a.ItemKey));
    }

    [Fact]
    public void Items_without_annotations_are_left_out_and_size_zero_keeps_everything_in_one_piece()
    {
        var items = Enumerable.Range(0, 4).Select(f => Frame(task: 2, job: 20 + f, f)).ToList();
        var snapshot = Snapshot(PlatformKind.Cvat, items, objectsPerItem: 1) with { Annotations = [Box("a", items[1].Key), Box("b", items[3].Key)] };

        var one = EmbeddingShards.Split(snapshot, shardSize: 0);
        var each = EmbeddingShards.Split(snapshot, shardSize: 1);

        Assert.Equal([items[1].Key, items[3].Key], Assert.Single(one));
        Assert.Equal([[items[1].Key], [items[3].Key]], each);
        Assert.Empty(EmbeddingShards.Split(snapshot with { Annotations = [] }, shardSize: 1));
    }

    private static Item Frame(long task, long job, int frame) =>
        new($"cvat:task/{task}/frame/{frame}", $"f{frame}", 100, 100, new ItemLocation(task, job, frame), "", $"{frame}.jpg");

    private static ProjectSnapshot Snapshot(PlatformKind platform, List<Item> items, int objectsPerItem) =>
        new(platform, "1", "p", [], items, [.. items.SelectMany(i => Enumerable.Range(0, objectsPerItem).Select(o => Box($"{i.Key}#{o}", i.Key)))], []);

    private static Annotation Box(string key, string itemKey) =>
        new(key, itemKey, "Shirt", ShapeKind.Rectangle, new PixelBox(1, 1, 10, 10), "v1", new AnnotationOrigin(key, "shape"));
}
