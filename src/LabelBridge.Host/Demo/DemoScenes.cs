using LabelBridge.Emulators.Cvat.Model;
using SkiaSharp;

namespace LabelBridge.Host.Demo;

/// <summary>Fills the CVAT emulator with a project of generated scenes: Fashion-MNIST objects pasted at random sizes,
/// positions and tints onto textured backgrounds, boxed with their class — except for planted errors: some objects
/// labelled as another class, some pasted twice with conflicting labels, and a few non-garment scribbles.</summary>
internal static class DemoScenes
{
    /// <summary>Five Fashion-MNIST classes a person tells apart at a glance (the shirt/pullover/coat and sneaker/boot
    /// families are left out), so that what the demo flags is mostly what it planted.</summary>
    public static readonly byte[] Classes = [0, 1, 3, 8, 9];

    private const int FrameWidth = 320;
    private const int FrameHeight = 240;

    /// <summary>Frames of shelf scenes, each object with its true class and the class it is labelled with.</summary>
    public static IReadOnlyList<Scene> Generate(FashionMnist data, DemoSceneOptions options)
    {
        var random = new Random(options.Seed);
        var pool = Enumerable.Range(0, data.Count).Where(i => Classes.Contains(data.Labels[i])).ToArray();
        var duplicatesLeft = options.DuplicateConflicts;
        var outliersLeft = options.Outliers;
        var scenes = new List<Scene>();
        for (var f = 0; f < options.Tasks * options.FramesPerTask; f++)
        {
            var objects = new List<PlacedObject>();
            for (var o = 0; o < options.ObjectsPerFrame; o++)
            {
                var index = pool[random.Next(pool.Length)];
                objects.Add(Place(random, objects, index, data.Labels[index], scribble: false));
            }

            if (outliersLeft > 0 && f % 7 == 3)
            {
                outliersLeft--;
                objects.Add(Place(random, objects, -1, Classes[random.Next(Classes.Length)], scribble: true));
            }

            if (duplicatesLeft > 0 && f % 9 == 5)
            {
                duplicatesLeft--;
                var original = objects[0];
                objects.Add(original with { X = FrameWidth - original.Size - original.X, Duplicate = true });
            }

            var image = Render(random, data, objects);
            var labelled = objects.Select(o => Label(random, o, options.MislabelRate)).ToList();
            scenes.Add(new Scene($"shelf_{f / options.FramesPerTask:00}_{f % options.FramesPerTask:000}.jpg", FrameWidth, FrameHeight, image, labelled));
        }

        return scenes;
    }

    /// <summary>Puts the scenes into the CVAT emulator: one project, <see cref="DemoSceneOptions.Tasks"/> tasks split into jobs.</summary>
    public static DemoProject Populate(CvatModel model, FashionMnist data, DemoSceneOptions options)
    {
        var scenes = Generate(data, options);
        var project = model.AddProject("LabelBridge demo: fashion on shelves");
        var labels = FashionMnist.ClassNames.Select(name => project.AddLabel(model, name, "rectangle")).ToArray();
        var errors = new List<PlantedError>();
        var annotations = 0;
        for (var t = 0; t < options.Tasks; t++)
        {
            var taskScenes = scenes.Skip(t * options.FramesPerTask).Take(options.FramesPerTask).ToList();
            var frames = taskScenes.Select(s => new EmulatedFrame(s.Name, s.Width, s.Height, s.Image)).ToList();
            var task = model.AddTask(project, $"shelves batch {t + 1}", frames, options.JobSize);
            for (var f = 0; f < taskScenes.Count; f++)
            {
                var job = task.Jobs.First(j => f >= j.StartFrame && f <= j.StopFrame);
                foreach (var placed in taskScenes[f].Objects)
                {
                    var id = model.NextId();
                    if (placed.Planted is { } kind)
                    {
                        errors.Add(new PlantedError($"cvat:shape/{id}", kind, placed.TrueLabel, placed.GivenLabel));
                    }

                    job.Shapes.Add(Annotations.Shape(id, "rectangle", f, labels[Array.IndexOf(FashionMnist.ClassNames, placed.GivenLabel)].Id,
                        [placed.X, placed.Y, placed.X + placed.Size, placed.Y + placed.Size]));
                    annotations++;
                }
            }
        }

        return new DemoProject(project.Id, annotations, errors);
    }

    private static SceneObject Label(Random random, PlacedObject placed, double mislabelRate)
    {
        var truth = FashionMnist.ClassNames[placed.ClassIndex];
        if (placed.Scribble)
        {
            return new SceneObject(placed.X, placed.Y, placed.Size, "(not a garment)", truth, "outlier");
        }

        if (placed.Duplicate)
        {
            return new SceneObject(placed.X, placed.Y, placed.Size, truth, FashionMnist.ClassNames[OtherClass(random, placed.ClassIndex)], "duplicate-conflict");
        }

        return random.NextDouble() < mislabelRate
            ? new SceneObject(placed.X, placed.Y, placed.Size, truth, FashionMnist.ClassNames[OtherClass(random, placed.ClassIndex)], "mislabel")
            : new SceneObject(placed.X, placed.Y, placed.Size, truth, truth, null);
    }

    private static int OtherClass(Random random, byte classIndex)
    {
        var others = Classes.Where(c => c != classIndex).ToArray();
        return others[random.Next(others.Length)];
    }

    private static PlacedObject Place(Random random, List<PlacedObject> existing, int index, byte classIndex, bool scribble)
    {
        for (var attempt = 0; ; attempt++)
        {
            var size = random.Next(56, 88);
            var x = random.Next(4, FrameWidth - size - 4);
            var y = random.Next(4, FrameHeight - size - 4);
            var overlaps = existing.Any(o => x < o.X + o.Size && o.X < x + size && y < o.Y + o.Size && o.Y < y + size);
            if (!overlaps || attempt > 40)
            {
                var tint = SKColor.FromHsv(random.Next(360), 10 + random.Next(30), 88 + random.Next(12));
                return new PlacedObject(index, classIndex, x, y, size, tint, scribble, Duplicate: false);
            }
        }
    }

    private static byte[] Render(Random random, FashionMnist data, List<PlacedObject> objects)
    {
        var info = new SKImageInfo(FrameWidth, FrameHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        DrawBackground(canvas, random);
        foreach (var placed in objects)
        {
            using var sprite = placed.Scribble ? Scribble(random, placed.Tint) : Sprite(data.Image(placed.Index), placed.Tint);
            canvas.DrawImage(sprite, SKRect.Create(placed.X, placed.Y, placed.Size, placed.Size), new SKSamplingOptions(SKFilterMode.Linear));
        }

        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return encoded.ToArray();
    }

    private static void DrawBackground(SKCanvas canvas, Random random)
    {
        var top = SKColor.FromHsv(random.Next(360), 15, 30 + random.Next(20));
        var bottom = SKColor.FromHsv(random.Next(360), 15, 15 + random.Next(15));
        using var gradient = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, FrameHeight), [top, bottom], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, FrameWidth, FrameHeight, gradient);
        using var noise = new SKPaint
        {
            Shader = SKShader.CreatePerlinNoiseTurbulence(0.05f, 0.05f, 3, random.Next(1000)),
            BlendMode = SKBlendMode.Overlay,
            Color = SKColors.White.WithAlpha(90),
        };
        canvas.DrawRect(0, 0, FrameWidth, FrameHeight, noise);
        using var shelf = new SKPaint { Color = new SKColor(0, 0, 0, 60), StrokeWidth = 3 };
        for (var y = 60; y < FrameHeight; y += 80)
        {
            canvas.DrawLine(0, y, FrameWidth, y, shelf);
        }
    }

    private static SKImage Sprite(ReadOnlySpan<byte> grey, SKColor tint)
    {
        var pixels = new byte[FashionMnist.Side * FashionMnist.Side * 4];
        for (var i = 0; i < grey.Length; i++)
        {
            var alpha = grey[i];
            pixels[(4 * i) + 0] = (byte)(tint.Red * alpha / 255);
            pixels[(4 * i) + 1] = (byte)(tint.Green * alpha / 255);
            pixels[(4 * i) + 2] = (byte)(tint.Blue * alpha / 255);
            pixels[(4 * i) + 3] = alpha;
        }

        var info = new SKImageInfo(FashionMnist.Side, FashionMnist.Side, SKColorType.Rgba8888, SKAlphaType.Premul);
        return SKImage.FromPixelCopy(info, pixels);
    }

    private static SKImage Scribble(Random random, SKColor tint)
    {
        var info = new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        using var paint = new SKPaint { Color = tint, StrokeWidth = 5, IsStroke = true, IsAntialias = true };
        var path = new SKPathBuilder();
        path.MoveTo(random.Next(64), random.Next(64));
        for (var i = 0; i < 12; i++)
        {
            path.LineTo(random.Next(64), random.Next(64));
        }

        using var built = path.Detach();
        surface.Canvas.DrawPath(built, paint);
        return surface.Snapshot();
    }

    private sealed record PlacedObject(int Index, byte ClassIndex, int X, int Y, int Size, SKColor Tint, bool Scribble, bool Duplicate);
}

/// <summary>One generated frame: its file name, size, encoded JPEG and labelled objects.</summary>
internal sealed record Scene(string Name, int Width, int Height, byte[] Image, IReadOnlyList<SceneObject> Objects);

/// <summary>An object's square box in pixels, what it really is, what it is labelled, and the planted error it carries, if any.</summary>
internal sealed record SceneObject(int X, int Y, int Size, string TrueLabel, string GivenLabel, string? Planted);

/// <summary>The generated project and the errors planted in it.</summary>
internal sealed record DemoProject(long ProjectId, int Annotations, IReadOnlyList<PlantedError> Errors);
