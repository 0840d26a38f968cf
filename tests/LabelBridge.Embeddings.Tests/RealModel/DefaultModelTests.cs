using System.Numerics.Tensors;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Tests.Fixtures;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.RealModel;

public sealed class DefaultModelTests(DefaultModelFixture model) : IClassFixture<DefaultModelFixture>
{
    [Fact]
    public async Task Default_model_puts_objects_of_one_kind_near_each_other_and_reruns_from_cache()
    {
        model.Require();
        await using var harness = await EmbeddingHarness.StartAsync(model.Root, o => o.Embedder = "default-model");
        var (items, annotations) = Scene(harness);

        var first = await harness.EmbedAsync(harness.Request(items, annotations));
        var second = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Empty(first.Problems);
        Assert.Equal(annotations.Count, first.AnnotationKeys.Count);
        Assert.True(first.Dimension > 100, $"a mid-network cut has hundreds of channels, got {first.Dimension}");
        for (var i = 0; i < first.AnnotationKeys.Count; i++)
        {
            Assert.Equal(1f, TensorPrimitives.Norm(first.Row(i)), 3);
        }

        var (same, different) = MeanSimilarities(first, annotations);
        Assert.True(same > different + 0.05, $"same-kind similarity {same:0.000} should beat cross-kind {different:0.000}");
        Assert.Equal((0, annotations.Count), (second.Embedded, second.CacheHits));
    }

    [Fact]
    public async Task Auto_with_the_default_model_reports_every_candidate()
    {
        model.Require();
        await using var harness = await EmbeddingHarness.StartAsync(model.Root);
        var (items, annotations) = Scene(harness);

        var set = await harness.EmbedAsync(harness.Request(items, annotations, project: "auto-real"));

        Assert.Contains("mobilenet_v2_mid ", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.Contains("pixel+mobilenet_v2_mid ", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.Equal(annotations.Count, set.AnnotationKeys.Count);
    }

    /// <summary>Twelve photos-like items, each with one textured disc and one checkered square at random places and sizes.</summary>
    private static (List<Item> Items, List<Annotation> Annotations) Scene(EmbeddingHarness harness)
    {
        var random = new Random(7);
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        for (var i = 0; i < 12; i++)
        {
            var key = $"photo{i}";
            var discSize = random.Next(40, 90);
            var squareSize = random.Next(40, 90);
            var disc = new SKRect(10, random.Next(10, 100), 10 + discSize, 0);
            disc.Bottom = disc.Top + discSize;
            var square = new SKRect(130, random.Next(10, 100), 130 + squareSize, 0);
            square.Bottom = square.Top + squareSize;
            var hue = random.Next(360);
            harness.Images.Add(key, TestImages.Draw(240, 200, canvas =>
            {
                canvas.Clear(SKColor.FromHsv(hue, 20, 80));
                using var discPaint = new SKPaint { Color = SKColor.FromHsv((hue + 120) % 360, 80, 90), IsAntialias = true };
                canvas.DrawOval(disc, discPaint);
                using var dark = new SKPaint { Color = SKColors.Black };
                using var light = new SKPaint { Color = SKColor.FromHsv((hue + 240) % 360, 60, 100) };
                var cell = square.Width / 6;
                for (var r = 0; r < 6; r++)
                {
                    for (var c = 0; c < 6; c++)
                    {
                        canvas.DrawRect(square.Left + (c * cell), square.Top + (r * cell), cell, cell, (r + c) % 2 == 0 ? dark : light);
                    }
                }
            }, SKEncodedImageFormat.Jpeg));
            items.Add(EmbeddingHarness.Item(key, 240, 200));
            annotations.Add(EmbeddingHarness.Box($"{key}/disc", key, "disc", disc.Left, disc.Top, disc.Width, disc.Height));
            annotations.Add(EmbeddingHarness.Box($"{key}/board", key, "board", square.Left, square.Top, square.Width, square.Height));
        }

        return (items, annotations);
    }

    private static (double Same, double Different) MeanSimilarities(Core.Embedding.EmbeddingSet set, List<Annotation> annotations)
    {
        double same = 0, different = 0;
        int sameCount = 0, differentCount = 0;
        for (var i = 0; i < annotations.Count; i++)
        {
            for (var j = i + 1; j < annotations.Count; j++)
            {
                var similarity = TensorPrimitives.Dot(set.Row(i), set.Row(j));
                if (annotations[i].Label == annotations[j].Label)
                {
                    same += similarity;
                    sameCount++;
                }
                else
                {
                    different += similarity;
                    differentCount++;
                }
            }
        }

        return (same / sameCount, different / differentCount);
    }
}
