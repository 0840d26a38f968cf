using LabelBridge.Emulators.Scenes;
using SkiaSharp;

namespace LabelBridge.Emulators.Tests.Scenes;

public sealed class SceneGeneratorTests
{
    private static readonly SceneOptions Planted = new(Tasks: 1, FramesPerTask: 60, ObjectsPerFrame: 4, MislabelRate: 0.1,
        DuplicateConflicts: 5, Junk: 6, Seed: 3, ConfusableBias: 0.8, JunkPatchShare: 0.5);

    [Fact]
    public async Task The_same_seed_generates_the_same_frames_byte_for_byte_and_another_seed_does_not()
    {
        var domain = SceneDomain.Garments(await FashionMnistData.LoadAsync());

        var first = SceneGenerator.Generate(domain, Planted);
        var second = SceneGenerator.Generate(domain, Planted);
        var other = SceneGenerator.Generate(domain, Planted with { Seed = 4 });

        Assert.Equal(first.Count, second.Count);
        for (var f = 0; f < first.Count; f++)
        {
            Assert.Equal(first[f].Image, second[f].Image);
            Assert.Equal(first[f].Objects, second[f].Objects);
        }

        Assert.NotEqual(first[0].Image, other[0].Image);
    }

    [Fact]
    public async Task It_plants_exactly_the_duplicates_and_junk_asked_for_and_mislabels_carry_another_label()
    {
        var domain = SceneDomain.Garments(await FashionMnistData.LoadAsync());

        var objects = SceneGenerator.Generate(domain, Planted).SelectMany(s => s.Objects).ToList();

        Assert.Equal(5, objects.Count(o => o.Planted == PlantedKinds.DuplicateConflict));
        Assert.Equal(6, objects.Count(o => o.Planted == PlantedKinds.Junk));
        var mislabels = objects.Where(o => o.Planted == PlantedKinds.Mislabel).ToList();
        Assert.InRange(mislabels.Count, 12, 36); // 240 regular objects at 10%: 24 expected, far outside this is a broken rate
        Assert.All(mislabels, m => Assert.NotEqual(m.TrueLabel, m.GivenLabel));
        Assert.All(objects.Where(o => o.Planted is null), o => Assert.Equal(o.TrueLabel, o.GivenLabel));
        Assert.All(objects.Where(o => o.Planted == PlantedKinds.Junk), o => Assert.Equal("(not a garment)", o.TrueLabel));
        Assert.All(objects.Where(o => o.Planted is not PlantedKinds.Junk), o => Assert.Contains(o.TrueLabel, FashionMnist.ClassNames));
    }

    [Fact]
    public async Task A_conflicting_duplicate_looks_more_like_its_original_than_anything_else_in_the_frame_under_another_label()
    {
        var domain = SceneDomain.Garments(await FashionMnistData.LoadAsync());

        var frames = SceneGenerator.Generate(domain, Planted).Where(s => s.Objects.Any(o => o.Planted == PlantedKinds.DuplicateConflict)).ToList();

        Assert.Equal(5, frames.Count);
        foreach (var frame in frames)
        {
            var copy = frame.Objects.Single(o => o.Planted == PlantedKinds.DuplicateConflict);
            var original = frame.Objects[0];
            Assert.Equal((original.Size, original.Y, original.TrueLabel), (copy.Size, copy.Y, copy.TrueLabel));
            Assert.NotEqual(original.GivenLabel, copy.GivenLabel);
            // Same sprite, tint and size; the background behind its transparent parts differs, so closest rather than equal.
            using var image = SKBitmap.Decode(frame.Image);
            var toCopy = MeanDifference(image, original, copy);
            var toOthers = frame.Objects.Skip(1).Where(o => o != copy && o.Planted != PlantedKinds.Junk).Select(o => MeanDifference(image, original, o)).Min();
            Assert.True(toCopy < toOthers, $"{frame.Name}: copy differs by {toCopy:0.0}, the nearest other object by {toOthers:0.0}");
        }
    }

    [Fact]
    public async Task Fully_confusable_mislabels_name_at_most_two_wrong_classes_per_true_class()
    {
        var domain = SceneDomain.Garments(await FashionMnistData.LoadAsync());

        var mislabels = SceneGenerator.Generate(domain, Planted with { FramesPerTask = 150, MislabelRate = 0.3, ConfusableBias = 1 })
            .SelectMany(s => s.Objects).Where(o => o.Planted == PlantedKinds.Mislabel).ToList();
        var uniform = SceneGenerator.Generate(domain, Planted with { FramesPerTask = 150, MislabelRate = 0.3, ConfusableBias = 0 })
            .SelectMany(s => s.Objects).Where(o => o.Planted == PlantedKinds.Mislabel).ToList();

        Assert.All(mislabels.GroupBy(m => m.TrueLabel), g => Assert.InRange(g.Select(m => m.GivenLabel).Distinct().Count(), 1, 2));
        Assert.Contains(uniform.GroupBy(m => m.TrueLabel), g => g.Select(m => m.GivenLabel).Distinct().Count() > 2);
    }

    [Fact]
    public async Task Populating_the_cvat_emulator_records_each_planted_error_on_the_shape_that_carries_it()
    {
        var domain = SceneDomain.Garments(await FashionMnistData.LoadAsync());
        var model = new Emulators.Cvat.Model.CvatModel();

        var project = SceneGenerator.Populate(model, domain, Planted);

        var shapes = model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).ToList();
        Assert.Equal(project.Annotations, shapes.Count);
        var labelNames = model.Projects.Single().Labels.ToDictionary(l => l.Id, l => l.Name);
        var givenByKey = shapes.ToDictionary(s => $"cvat:shape/{(long)s["id"]!}", s => labelNames[(long)s["label_id"]!], StringComparer.Ordinal);
        Assert.Equal(SceneGenerator.Generate(domain, Planted).SelectMany(s => s.Objects).Count(o => o.Planted is not null), project.Errors.Count);
        Assert.All(project.Errors, e => Assert.Equal(e.GivenLabel, givenByKey[e.AnnotationKey]));
    }

    /// <summary>Mean absolute RGB difference of two objects' boxes, the second resampled to the first's size.</summary>
    private static double MeanDifference(SKBitmap image, SceneObject a, SceneObject b)
    {
        using var first = Crop(image, a, a.Size);
        using var second = Crop(image, b, a.Size);
        double sum = 0;
        for (var y = 0; y < a.Size; y++)
        {
            for (var x = 0; x < a.Size; x++)
            {
                var p = first.GetPixel(x, y);
                var q = second.GetPixel(x, y);
                sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }

        return sum / (3.0 * a.Size * a.Size);
    }

    private static SKBitmap Crop(SKBitmap image, SceneObject box, int side)
    {
        var crop = new SKBitmap(side, side);
        using var canvas = new SKCanvas(crop);
        canvas.DrawBitmap(image, SKRect.Create(box.X, box.Y, box.Size, box.Size), SKRect.Create(0, 0, side, side), new SKSamplingOptions(SKFilterMode.Linear), null);
        return crop;
    }
}
