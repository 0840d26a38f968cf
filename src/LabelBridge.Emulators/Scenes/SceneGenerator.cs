using LabelBridge.Emulators.Cvat.Model;
using SkiaSharp;

namespace LabelBridge.Emulators.Scenes;

/// <summary>Generates scene projects with known label errors: sprites pasted at random sizes, positions and tints onto
/// a backdrop, boxed with their class — except for planted errors: objects labelled as another (mostly look-alike)
/// class, objects pasted twice into a frame with conflicting labels, and junk (scribbles, bare background) boxed as a
/// class. Everything follows from <see cref="SceneOptions.Seed"/>.</summary>
public static class SceneGenerator
{
    /// <summary>Frames of scenes, each object with its true class and the class it is labelled with.</summary>
    public static IReadOnlyList<Scene> Generate(SceneDomain domain, SceneOptions options)
    {
        var random = new Random(options.Seed);
        var classes = domain.Classes.ToArray();
        var sprites = domain.Sprites;
        var pool = Enumerable.Range(0, sprites.Count).Where(i => classes.Contains(sprites.ClassOf(i))).ToArray();
        var alike = options.ConfusableBias > 0 ? ClassSimilarity.Rank(sprites, classes) : null;
        var labeller = new Labeller(random, domain, classes, alike, options);
        var duplicatesLeft = options.DuplicateConflicts;
        var junkLeft = options.Junk;
        var scenes = new List<Scene>();
        for (var f = 0; f < options.Tasks * options.FramesPerTask; f++)
        {
            var objects = new List<PlacedObject>();
            for (var o = 0; o < options.ObjectsPerFrame; o++)
            {
                var index = pool[random.Next(pool.Length)];
                objects.Add(Place(random, domain, objects, index, sprites.ClassOf(index), JunkShape.None));
            }

            if (junkLeft > 0 && f % 7 == 3)
            {
                junkLeft--;
                var shape = options.JunkPatchShare > 0 && random.NextDouble() < options.JunkPatchShare ? JunkShape.Patch : JunkShape.Scribble;
                objects.Add(Place(random, domain, objects, -1, classes[random.Next(classes.Length)], shape));
            }

            if (duplicatesLeft > 0 && f % 9 == 5)
            {
                duplicatesLeft--;
                var original = objects[0];
                objects.Add(original with { X = SceneDomain.FrameWidth - original.Size - original.X, Duplicate = true });
            }

            var image = Render(random, domain, objects);
            var labelled = new List<SceneObject>();
            foreach (var placed in objects)
            {
                // A copy must conflict with the label its original actually got, which may itself be a planted mislabel.
                labelled.Add(labeller.Label(placed, placed.Duplicate ? labelled[0].GivenLabel : null));
            }
            var name = $"{domain.FramePrefix}_{f / options.FramesPerTask:00}_{f % options.FramesPerTask:000}.jpg";
            scenes.Add(new Scene(name, SceneDomain.FrameWidth, SceneDomain.FrameHeight, image, labelled));
        }

        return scenes;
    }

    /// <summary>Puts the scenes into the CVAT emulator: one project labelled with every class of the sprites,
    /// <see cref="SceneOptions.Tasks"/> tasks split into jobs, one rectangle per object.</summary>
    public static SceneProject Populate(CvatModel model, SceneDomain domain, SceneOptions options)
    {
        var scenes = Generate(domain, options);
        var project = model.AddProject(domain.ProjectName);
        var names = domain.Sprites.ClassNames;
        var labels = names.ToDictionary(name => name, name => project.AddLabel(model, name, "rectangle").Id, StringComparer.Ordinal);
        var errors = new List<PlantedError>();
        var annotations = 0;
        for (var t = 0; t < options.Tasks; t++)
        {
            var taskScenes = scenes.Skip(t * options.FramesPerTask).Take(options.FramesPerTask).ToList();
            var frames = taskScenes.Select(s => new EmulatedFrame(s.Name, s.Width, s.Height, s.Image)).ToList();
            var task = model.AddTask(project, $"batch {t + 1}", frames, options.JobSize);
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

                    job.Shapes.Add(Annotations.Shape(id, "rectangle", f, labels[placed.GivenLabel],
                        [placed.X, placed.Y, placed.X + placed.Size, placed.Y + placed.Size]));
                    annotations++;
                }
            }
        }

        return new SceneProject(project.Id, annotations, errors);
    }

    private static PlacedObject Place(Random random, SceneDomain domain, List<PlacedObject> existing, int index, int classIndex, JunkShape junk)
    {
        for (var attempt = 0; ; attempt++)
        {
            var size = random.Next(domain.MinSize, domain.MaxSize);
            var x = random.Next(4, SceneDomain.FrameWidth - size - 4);
            var y = random.Next(4, SceneDomain.FrameHeight - size - 4);
            var overlaps = existing.Any(o => x < o.X + o.Size && o.X < x + size && y < o.Y + o.Size && o.Y < y + size);
            if (!overlaps || attempt > 40)
            {
                var tint = SKColor.FromHsv(random.Next(360), 10 + random.Next(30), 88 + random.Next(12));
                return new PlacedObject(index, classIndex, x, y, size, tint, junk, Duplicate: false);
            }
        }
    }

    private static byte[] Render(Random random, SceneDomain domain, List<PlacedObject> objects)
    {
        var info = new SKImageInfo(SceneDomain.FrameWidth, SceneDomain.FrameHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        domain.Backdrop.Draw(canvas, SceneDomain.FrameWidth, SceneDomain.FrameHeight, random);
        foreach (var placed in objects)
        {
            using var sprite = placed.Junk switch
            {
                JunkShape.None => domain.Sprites.Render(placed.Index, placed.Tint),
                JunkShape.Scribble => Scribble(random, placed.Tint),
                _ => null,
            };
            if (sprite is not null)
            {
                canvas.DrawImage(sprite, SKRect.Create(placed.X, placed.Y, placed.Size, placed.Size), new SKSamplingOptions(SKFilterMode.Linear));
            }
        }

        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return encoded.ToArray();
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

    /// <summary>Gives each placed object its label, planting mislabels and conflicting duplicates.</summary>
    private sealed class Labeller(Random random, SceneDomain domain, int[] classes, Dictionary<int, int[]>? alike, SceneOptions options)
    {
        public SceneObject Label(PlacedObject placed, string? originalLabel)
        {
            var names = domain.Sprites.ClassNames;
            var truth = names[placed.ClassIndex];
            if (placed.Junk != JunkShape.None)
            {
                return new SceneObject(placed.X, placed.Y, placed.Size, domain.JunkTruth, truth, PlantedKinds.Junk);
            }

            if (placed.Duplicate)
            {
                var given = OtherClass(placed.ClassIndex);
                if (names[given] == originalLabel)
                {
                    var others = classes.Where(c => c != placed.ClassIndex && names[c] != originalLabel).ToArray();
                    given = others[random.Next(others.Length)];
                }

                return new SceneObject(placed.X, placed.Y, placed.Size, truth, names[given], PlantedKinds.DuplicateConflict);
            }

            return random.NextDouble() < options.MislabelRate
                ? new SceneObject(placed.X, placed.Y, placed.Size, truth, names[OtherClass(placed.ClassIndex)], PlantedKinds.Mislabel)
                : new SceneObject(placed.X, placed.Y, placed.Size, truth, truth, null);
        }

        /// <summary>A wrong class: with <see cref="SceneOptions.ConfusableBias"/> one of the two most alike, else any other.</summary>
        private int OtherClass(int classIndex)
        {
            if (alike is not null && random.NextDouble() < options.ConfusableBias)
            {
                var nearest = alike[classIndex];
                return nearest[random.Next(Math.Min(2, nearest.Length))];
            }

            var others = classes.Where(c => c != classIndex).ToArray();
            return others[random.Next(others.Length)];
        }
    }

    private enum JunkShape
    {
        None,
        Scribble,
        Patch,
    }

    private sealed record PlacedObject(int Index, int ClassIndex, int X, int Y, int Size, SKColor Tint, JunkShape Junk, bool Duplicate);
}

/// <summary>One generated frame: its file name, size, encoded JPEG and labelled objects.</summary>
public sealed record Scene(string Name, int Width, int Height, byte[] Image, IReadOnlyList<SceneObject> Objects);

/// <summary>An object's square box in pixels, what it really is, what it is labelled, and the planted error it carries
/// (one of <see cref="PlantedKinds"/>), if any.</summary>
public sealed record SceneObject(int X, int Y, int Size, string TrueLabel, string GivenLabel, string? Planted);

/// <summary>The generated project in the CVAT emulator and the errors planted in it.</summary>
public sealed record SceneProject(long ProjectId, int Annotations, IReadOnlyList<PlantedError> Errors);
