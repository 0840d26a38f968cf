using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Tests.Fixtures;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.Choice;

public sealed class AutoChoiceTests
{
    [Fact]
    public async Task Auto_picks_a_colour_model_when_labels_follow_colour()
    {
        await using var harness = await EmbeddingHarness.StartAsync(models: d => TinyModels.WriteMeanColour(d));
        var (items, annotations) = Scene(harness, objects: 60, seed: 1, labelByColour: true);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Contains("mean_colour", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.StartsWith("auto: ", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.DoesNotContain("auto: pixel ", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.Equal(60, set.AnnotationKeys.Count);
    }

    [Fact]
    public async Task Auto_picks_pixels_when_labels_follow_shape_not_colour()
    {
        await using var harness = await EmbeddingHarness.StartAsync(models: d => TinyModels.WriteMeanColour(d));
        var (items, annotations) = Scene(harness, objects: 60, seed: 2, labelByColour: false);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.StartsWith("auto: pixel", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.Contains("Candidates: ", set.EmbedderDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_scores_every_installed_model_alone_and_combined_with_pixels()
    {
        await using var harness = await EmbeddingHarness.StartAsync(models: d =>
        {
            TinyModels.WriteMeanColour(d);
            TinyModels.WriteFlatBgr(d);
        });
        var (items, annotations) = Scene(harness, objects: 40, seed: 6, labelByColour: true);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        var scored = set.EmbedderDescription.Split("Candidates: ", 2)[1].Split(", ").Select(candidate => candidate.Split(' ')[0]);
        Assert.Equal(
            ["flat_bgr", "mean_colour", "pixel", "pixel+flat_bgr", "pixel+mean_colour"],
            scored.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("auto: pixel ", set.EmbedderDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_scores_the_int8_version_of_a_model_instead_of_the_float_one()
    {
        await using var harness = await EmbeddingHarness.StartAsync(models: d =>
        {
            TinyModels.WriteMeanColour(d);
            TinyModels.WriteMeanColour(d, "mean_colour_int8");
        });
        var (items, annotations) = Scene(harness, objects: 40, seed: 6, labelByColour: true);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        var scored = set.EmbedderDescription.Split("Candidates: ", 2)[1].Split(", ").Select(candidate => candidate.Split(' ')[0]);
        Assert.Equal(["mean_colour_int8", "pixel", "pixel+mean_colour_int8"], scored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Auto_sticks_to_its_choice_and_the_rerun_is_all_cache_hits()
    {
        var root = EmbeddingHarness.NewRoot();
        await using (var first = await EmbeddingHarness.StartAsync(root, models: d => TinyModels.WriteMeanColour(d)))
        {
            var (items, annotations) = Scene(first, objects: 40, seed: 3, labelByColour: true);
            var firstSet = await first.EmbedAsync(first.Request(items, annotations));
            Assert.Equal((40, 0), (firstSet.Embedded, firstSet.CacheHits));
        }

        await using var second = await EmbeddingHarness.StartAsync(root);
        var (sameItems, sameAnnotations) = Scene(second, objects: 40, seed: 3, labelByColour: true);
        var set = await second.EmbedAsync(second.Request(sameItems, sameAnnotations));

        Assert.Contains("kept from the previous sweep", set.EmbedderDescription, StringComparison.Ordinal);
        Assert.Equal((0, 40), (set.Embedded, set.CacheHits));
        Assert.Equal(0, second.Images.Fetches);
    }

    [Fact]
    public async Task Auto_without_models_uses_pixels_and_says_why()
    {
        await using var harness = await EmbeddingHarness.StartAsync();
        var (items, annotations) = Scene(harness, objects: 10, seed: 4, labelByColour: true);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Equal("auto: pixel, the only candidate (no usable model in the model directory)", set.EmbedderDescription);
    }

    [Fact]
    public async Task Auto_names_a_broken_model_and_chooses_among_the_rest()
    {
        await using var harness = await EmbeddingHarness.StartAsync(models: d =>
        {
            TinyModels.WriteMeanColour(d);
            TinyModels.WriteMismatched(d, "broken", "input", 8, "missing_output", "gap");
        });
        var (items, annotations) = Scene(harness, objects: 30, seed: 5, labelByColour: true);

        var set = await harness.EmbedAsync(harness.Request(items, annotations));

        Assert.Equal(30, set.AnnotationKeys.Count);
        var problem = Assert.Single(set.Problems);
        Assert.Equal("model:broken", problem.Subject);
        Assert.Contains("no output 'missing_output'", problem.Reason, StringComparison.Ordinal);
    }

    /// <summary>One object per item: striped (horizontal or vertical) in a red-ish or blue-ish colour, at a random place.
    /// The label follows the colour or the stripes; the other property is random.</summary>
    private static (List<Item> Items, List<Annotation> Annotations) Scene(EmbeddingHarness harness, int objects, int seed, bool labelByColour)
    {
        var random = new Random(seed);
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        for (var i = 0; i < objects; i++)
        {
            var red = random.Next(2) == 0;
            var horizontal = random.Next(2) == 0;
            var x = random.Next(0, 24);
            var y = random.Next(0, 24);
            var colour = red
                ? new SKColor((byte)random.Next(200, 256), (byte)random.Next(0, 60), (byte)random.Next(0, 60))
                : new SKColor((byte)random.Next(0, 60), (byte)random.Next(0, 60), (byte)random.Next(200, 256));
            var key = $"s{seed}-item{i}";
            harness.Images.Add(key, TestImages.Draw(64, 64, canvas =>
            {
                canvas.Clear(SKColors.Gray);
                using var fill = new SKPaint { Color = colour };
                using var stripe = new SKPaint { Color = SKColors.White };
                canvas.DrawRect(x, y, 32, 32, fill);
                for (var s = 0; s < 32; s += 8)
                {
                    canvas.DrawRect(horizontal ? new SKRect(x, y + s, x + 32, y + s + 4) : new SKRect(x + s, y, x + s + 4, y + 32), stripe);
                }
            }));
            items.Add(EmbeddingHarness.Item(key));
            var label = labelByColour ? (red ? "red" : "blue") : (horizontal ? "horizontal" : "vertical");
            annotations.Add(EmbeddingHarness.Box($"{key}/object", key, label, x, y, 32, 32));
        }

        return (items, annotations);
    }
}
