using LabelBridge.Emulators.Cvat.Model;
using SkiaSharp;

namespace LabelBridge.Bench.Sweeps;

/// <summary>A CVAT project of generated frames: each frame a grid of simple shapes (ten classes, each its own form, in
/// random tints and sizes) on a noisy background, one box per shape, 2% of the labels wrong. Seeded, so every run
/// sweeps the same project.</summary>
internal static class SyntheticProject
{
    public static readonly string[] Classes = ["disc", "square", "triangle", "ring", "cross", "diamond", "bar", "column", "frame", "dot-pair"];

    private const int Cell = 64;
    private const int Columns = 5;
    private const int Rows = 4;
    public const int ObjectsPerFrame = Columns * Rows;

    /// <summary>Shape ids whose label was drawn wrong on purpose by the last <see cref="Populate"/>.</summary>
    public static HashSet<long> Planted { get; } = [];

    public static (long ProjectId, int Annotations) Populate(CvatModel model, int annotations, int framesPerTask, int jobSize, int seed)
    {
        var random = new Random(seed);
        var project = model.AddProject("Bench shapes");
        var labels = Classes.Select(c => project.AddLabel(model, c).Id).ToArray();
        var frameCount = (annotations + ObjectsPerFrame - 1) / ObjectsPerFrame;
        var made = 0;
        for (var taskStart = 0; taskStart < frameCount; taskStart += framesPerTask)
        {
            var frames = new List<EmulatedFrame>();
            var shapes = new List<(int Frame, int Class, SKRect Box)>();
            for (var f = 0; f < Math.Min(framesPerTask, frameCount - taskStart); f++)
            {
                var boxes = new List<(int Class, SKRect Box)>();
                frames.Add(new EmulatedFrame($"frame_{taskStart + f:D6}.jpg", Columns * Cell, Rows * Cell, Render(random, boxes)));
                shapes.AddRange(boxes.Select(b => (f, b.Class, b.Box)));
            }

            var task = model.AddTask(project, $"shapes {taskStart / framesPerTask}", frames, jobSize);
            foreach (var (frame, shapeClass, box) in shapes)
            {
                if (made == annotations)
                {
                    break;
                }

                var job = task.Jobs.First(j => frame >= j.StartFrame && frame <= j.StopFrame);
                var given = random.NextDouble() < 0.02 ? (shapeClass + 1 + random.Next(Classes.Length - 1)) % Classes.Length : shapeClass;
                var id = model.NextId();
                if (given != shapeClass)
                {
                    Planted.Add(id);
                }

                job.Shapes.Add(Annotations.Shape(id, "rectangle", frame, labels[given], [box.Left, box.Top, box.Right, box.Bottom]));
                made++;
            }
        }

        return (project.Id, made);
    }

    private static byte[] Render(Random random, List<(int Class, SKRect Box)> boxes)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Columns * Cell, Rows * Cell));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor((byte)random.Next(150, 230), (byte)random.Next(150, 230), (byte)random.Next(150, 230)));
        using var noise = new SKPaint { IsAntialias = false };
        for (var i = 0; i < 300; i++)
        {
            noise.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 60);
            canvas.DrawRect(random.Next(Columns * Cell), random.Next(Rows * Cell), 3, 3, noise);
        }

        using var paint = new SKPaint { IsAntialias = true, StrokeWidth = 4 };
        for (var row = 0; row < Rows; row++)
        {
            for (var column = 0; column < Columns; column++)
            {
                var shapeClass = random.Next(Classes.Length);
                var size = random.Next(28, 56);
                var x = (column * Cell) + random.Next(0, Cell - size);
                var y = (row * Cell) + random.Next(0, Cell - size);
                paint.Color = new SKColor((byte)random.Next(0, 120), (byte)random.Next(0, 120), (byte)random.Next(0, 120));
                var box = new SKRect(x, y, x + size, y + size);
                Draw(canvas, paint, shapeClass, box);
                boxes.Add((shapeClass, box));
            }
        }

        using var image = surface.Snapshot();
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return jpeg.ToArray();
    }

    private static void Draw(SKCanvas canvas, SKPaint paint, int shapeClass, SKRect box)
    {
        var (cx, cy, r) = (box.MidX, box.MidY, box.Width / 2);
        paint.Style = shapeClass is 3 or 8 ? SKPaintStyle.Stroke : SKPaintStyle.Fill;
        switch (shapeClass)
        {
            case 0 or 3:
                canvas.DrawCircle(cx, cy, r - 2, paint);
                break;
            case 1:
                canvas.DrawRect(box, paint);
                break;
            case 2:
                Polygon(canvas, paint, (cx, box.Top), (box.Right, box.Bottom), (box.Left, box.Bottom));
                break;
            case 4:
                canvas.DrawRect(cx - (r / 4), box.Top, r / 2, box.Height, paint);
                canvas.DrawRect(box.Left, cy - (r / 4), box.Width, r / 2, paint);
                break;
            case 5:
                Polygon(canvas, paint, (cx, box.Top), (box.Right, cy), (cx, box.Bottom), (box.Left, cy));
                break;
            case 6:
                canvas.DrawRect(box.Left, cy - (r / 3), box.Width, r * 2 / 3, paint);
                break;
            case 7:
                canvas.DrawRect(cx - (r / 3), box.Top, r * 2 / 3, box.Height, paint);
                break;
            case 8:
                canvas.DrawRect(SKRect.Inflate(box, -3, -3), paint);
                break;
            default:
                canvas.DrawCircle(box.Left + (r / 2), cy, r / 2.5f, paint);
                canvas.DrawCircle(box.Right - (r / 2), cy, r / 2.5f, paint);
                break;
        }
    }

    private static void Polygon(SKCanvas canvas, SKPaint paint, params (float X, float Y)[] corners)
    {
        var data = "M " + string.Join(" L ", corners.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.X} {c.Y}"))) + " Z";
        using var path = SKPath.ParseSvgPathData(data);
        canvas.DrawPath(path, paint);
    }
}
