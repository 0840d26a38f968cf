using System.Numerics.Tensors;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Tests.Fixtures;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.Pipeline;

public sealed class AnnotationEmbedderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_follow_the_request_order_and_have_unit_length()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o => o.Embedder = "mean_colour", models: d => TinyModels.WriteMeanColour(d));
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 3);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Equal(annotations.Select(a => a.Key), set.AnnotationKeys);
        Assert.Equal(3, set.Dimension);
        Assert.Empty(set.Problems);
        for (var i = 0; i < set.AnnotationKeys.Count; i++)
        {
            Assert.Equal(1f, TensorPrimitives.Norm(set.Row(i)), 3);
        }

        var red = set.Row(0);
        var blue = set.Row(1);
        Assert.True(red[0] > red[2], "the red box's patch should be mostly red");
        Assert.True(blue[2] > blue[0], "the blue box's patch should be mostly blue");
    }

    [Fact]
    public async Task Second_run_is_all_cache_hits_even_in_a_new_process()
    {
        var root = EmbeddingHarness.NewRoot();
        EmbeddingSet first;
        await using (var harness = await EmbeddingHarness.StartAsync(root, o => o.Embedder = "mean_colour", d => TinyModels.WriteMeanColour(d)))
        {
            var (items, annotations) = RedAndBlueScene(harness, itemCount: 4);
            first = await harness.EmbedAsync(harness.Request(items, annotations));
        }

        await using var again = await EmbeddingHarness.StartAsync(root, o => o.Embedder = "mean_colour");
        var (sameItems, sameAnnotations) = RedAndBlueScene(again, itemCount: 4);
        var second = await again.EmbedAsync(again.Request(sameItems, sameAnnotations));

        Assert.Equal((8, 0), (first.Embedded, first.CacheHits));
        Assert.Equal((0, 8), (second.Embedded, second.CacheHits));
        Assert.Equal(0, again.Images.Fetches);
        Assert.Equal(first.Vectors, second.Vectors);
        Assert.Equal(first.ModelFingerprint, second.ModelFingerprint);
    }

    [Fact]
    public async Task Moved_box_and_changed_item_are_embedded_again_and_the_rest_come_from_cache()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o => o.Embedder = "mean_colour", models: d => TinyModels.WriteMeanColour(d));
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 3);
        await harness.EmbedAsync(harness.Request(items, annotations));

        var moved = annotations.ToList();
        moved[0] = moved[0] with { Box = moved[0].Box with { X = moved[0].Box.X + 2 } };
        var changedItems = items.ToList();
        changedItems[2] = changedItems[2] with { ContentId = "replaced-image" };
        var set = await harness.EmbedAsync(harness.Request(changedItems, moved));

        Assert.Equal(3, set.Embedded);
        Assert.Equal(3, set.CacheHits);
    }

    [Fact]
    public async Task Bad_images_and_boxes_are_named_problems_and_the_rest_still_embeds()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o =>
        {
            o.Embedder = "pixel";
            o.MaxImagePixels = 1_000_000;
        });
        var good = EmbeddingHarness.Item("good");
        harness.Images.Add("good", TestImages.Halves(64, 64, SKColors.Red, SKColors.Blue));
        Item[] items =
        [
            good,
            Add(harness, "corrupt", TestImages.RandomBytes(500, seed: 3)),
            Add(harness, "truncated", TestImages.Truncated(TestImages.Halves(64, 64, SKColors.Red, SKColors.Blue, SKEncodedImageFormat.Jpeg))),
            Add(harness, "bomb", TestImages.PixelBomb(100_000, 100_000)),
            EmbeddingHarness.Item("missing"),
        ];
        Annotation[] annotations =
        [
            EmbeddingHarness.Box("a/ok", "good", "red", 4, 4, 20, 20),
            EmbeddingHarness.Box("a/zero", "good", "red", 4, 4, 0, 20),
            EmbeddingHarness.Box("a/outside", "good", "red", 500, 500, 20, 20),
            EmbeddingHarness.Box("a/corrupt", "corrupt", "red", 4, 4, 20, 20),
            EmbeddingHarness.Box("a/truncated", "truncated", "red", 4, 4, 20, 20),
            EmbeddingHarness.Box("a/bomb", "bomb", "red", 4, 4, 20, 20),
            EmbeddingHarness.Box("a/missing", "missing", "red", 4, 4, 20, 20),
            EmbeddingHarness.Box("a/orphan", "no-such-item", "red", 4, 4, 20, 20),
            EmbeddingHarness.Box("a/ok2", "good", "blue", 40, 4, 20, 20),
        ];

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Equal(["a/ok", "a/ok2"], set.AnnotationKeys);
        var problems = set.Problems.ToDictionary(p => p.Subject, p => p.Reason);
        Assert.Contains("zero size", problems["a/zero"], StringComparison.Ordinal);
        Assert.Contains("outside", problems["a/outside"], StringComparison.Ordinal);
        Assert.Contains("not a readable image", problems["corrupt"], StringComparison.Ordinal);
        Assert.True(problems.ContainsKey("truncated"));
        Assert.Contains("over the limit", problems["bomb"], StringComparison.Ordinal);
        Assert.Contains("404", problems["missing"], StringComparison.Ordinal);
        Assert.Contains("not in the snapshot", problems["a/orphan"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_level_label_embeds_the_whole_image()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o =>
        {
            o.Embedder = "pixel";
            o.CropMargin = 0;
            o.ResizeMode = PatchResizeMode.Stretch;
        });
        Item[] items = [Add(harness, "i", TestImages.Halves(48, 32, SKColors.Black, SKColors.White))];
        var tag = new Annotation("tag", "i", "scene", ShapeKind.ImageLabel, new PixelBox(0, 0, 0, 0), "1", new AnnotationOrigin("1", "tag"));
        var whole = EmbeddingHarness.Box("whole", "i", "scene", 0, 0, 48, 32);

        var set = await harness.EmbedAsync(harness.Request(items, [tag, whole]));

        Assert.Empty(set.Problems);
        Assert.Equal(1f, TensorPrimitives.Dot(set.Row(0), set.Row(1)), 3);
    }

    [Fact]
    public async Task Thumbnails_are_stored_as_jpeg_for_new_patches()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o => o.Embedder = "pixel");
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 1);

        await harness.EmbedAsync(harness.Request(items, annotations, project: "shelves", thumbnails: true));

        var thumbnail = await harness.Store.GetThumbnailAsync("shelves", annotations[0].Key, Token);
        Assert.NotNull(thumbnail);
        using var image = SKBitmap.Decode(thumbnail);
        Assert.Equal((96, 96), (image.Width, image.Height));
        Assert.Equal(0xFF, thumbnail[0]);
    }

    [Fact]
    public async Task Combination_rows_hold_both_parts_each_at_equal_weight()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o => o.Embedder = "pixel+mean_colour", models: d => TinyModels.WriteMeanColour(d));
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 1);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Equal(256 + 3, set.Dimension);
        var row = set.Row(0);
        Assert.Equal(MathF.Sqrt(0.5f), TensorPrimitives.Norm(row[..256]), 3);
        Assert.Equal(MathF.Sqrt(0.5f), TensorPrimitives.Norm(row[256..]), 3);
    }

    [Fact]
    public async Task Combination_rows_are_each_parts_own_vectors_scaled_also_past_a_failed_box()
    {
        var root = EmbeddingHarness.NewRoot();
        try
        {
            var parts = new Dictionary<string, EmbeddingSet>(StringComparer.Ordinal);
            foreach (var embedder in new[] { "pixel", "mean_colour", "pixel+mean_colour" })
            {
                await using var harness = await EmbeddingHarness.StartAsync(root, o => o.Embedder = embedder, d => TinyModels.WriteMeanColour(d));
                var (items, annotations) = RedAndBlueScene(harness, itemCount: 2);
                annotations.Insert(1, EmbeddingHarness.Box("item0/outside", "item0", "red", 500, 500, 20, 20));
                parts[embedder] = await harness.EmbedAsync(harness.Request(items, annotations));
            }

            var (pixel, mean, both) = (parts["pixel"], parts["mean_colour"], parts["pixel+mean_colour"]);
            Assert.Equal(["item0/red", "item0/blue", "item1/red", "item1/blue"], both.AnnotationKeys);
            Assert.Equal(pixel.AnnotationKeys, both.AnnotationKeys);
            Assert.Equal(4 * 259, both.Vectors.Length);
            var scale = 1f / MathF.Sqrt(2);
            for (var i = 0; i < both.AnnotationKeys.Count; i++)
            {
                float[] expected = [.. pixel.Row(i).ToArray().Select(v => v * scale), .. mean.Row(i).ToArray().Select(v => v * scale)];
                Assert.Equal(expected, both.Row(i).ToArray());
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Configured_model_that_does_not_fit_its_manifest_is_a_problem_not_a_crash()
    {
        await using var harness = await EmbeddingHarness.StartAsync(
            configure: o => o.Embedder = "broken",
            models: d => TinyModels.WriteMismatched(d, "broken", "image", 8, "features", "gap"));
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 1);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Empty(set.AnnotationKeys);
        var problem = Assert.Single(set.Problems);
        Assert.Equal("model:broken", problem.Subject);
        Assert.Contains("no input 'image'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_reaches_the_total()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o => o.Embedder = "pixel");
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 5);
        var reports = new List<EmbeddingProgress>();

        await harness.EmbedAsync(harness.Request(items, annotations), SynchronousProgress.Of(reports.Add));

        Assert.Equal(10, reports[^1].Total);
        Assert.Equal(10, reports[^1].Done);
        Assert.True(reports.Count >= 3, "one report at the start and one per batch of 4");
        Assert.Equal(TimeSpan.Zero, reports[^1].EstimatedTimeLeft);
    }

    [Fact]
    public async Task Cancelled_run_keeps_finished_batches_and_the_next_run_completes_from_them()
    {
        var root = EmbeddingHarness.NewRoot();
        await using (var harness = await EmbeddingHarness.StartAsync(root, o => o.Embedder = "pixel"))
        {
            var (items, annotations) = RedAndBlueScene(harness, itemCount: 20);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
            var progress = SynchronousProgress.Of(p =>
            {
                if (p.Done >= 8)
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                harness.Embedder.EmbedAsync(harness.Request(items, annotations), progress, cancel.Token));
        }

        await using var again = await EmbeddingHarness.StartAsync(root, o => o.Embedder = "pixel");
        var (sameItems, sameAnnotations) = RedAndBlueScene(again, itemCount: 20);
        var set = await again.EmbedAsync(again.Request(sameItems, sameAnnotations));

        Assert.InRange(set.CacheHits, 8, 39);
        Assert.Equal(40, set.CacheHits + set.Embedded);
        for (var i = 0; i < set.AnnotationKeys.Count; i++)
        {
            Assert.Equal(1f, TensorPrimitives.Norm(set.Row(i)), 3);
        }
    }

    [Fact]
    public async Task Platform_outage_while_fetching_is_an_error_not_an_empty_result()
    {
        await using var harness = await EmbeddingHarness.StartAsync(configure: o => o.Embedder = "pixel");
        var (items, annotations) = RedAndBlueScene(harness, itemCount: 3);
        var request = harness.Request(items, annotations) with { Images = new UnreachablePlatform() };

        await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.EmbedAsync(request));
    }

    private sealed class UnreachablePlatform : IImageSource
    {
        public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken) =>
            throw new PlatformUnavailableException("cvat-test", "connection refused");
    }

    /// <summary>Items with a red box on the left and a blue box on the right, on grey.</summary>
    internal static (List<Item> Items, List<Annotation> Annotations) RedAndBlueScene(EmbeddingHarness harness, int itemCount)
    {
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        for (var i = 0; i < itemCount; i++)
        {
            var key = $"item{i}";
            var offset = i % 5;
            items.Add(Add(harness, key, TestImages.Draw(64, 64, canvas =>
            {
                canvas.Clear(SKColors.Gray);
                using var red = new SKPaint { Color = SKColors.Red };
                using var blue = new SKPaint { Color = SKColors.Blue };
                canvas.DrawRect(4 + offset, 10, 20, 30, red);
                canvas.DrawRect(36, 20 + offset, 24, 16, blue);
            })));
            annotations.Add(EmbeddingHarness.Box($"{key}/red", key, "red", 4 + offset, 10, 20, 30));
            annotations.Add(EmbeddingHarness.Box($"{key}/blue", key, "blue", 36, 20 + offset, 24, 16));
        }

        return (items, annotations);
    }

    private static Item Add(EmbeddingHarness harness, string key, byte[] bytes)
    {
        harness.Images.Add(key, bytes);
        return EmbeddingHarness.Item(key);
    }
}
