namespace LabelBridge.Bench.Analysis;

/// <summary>Non-fashion 28×28 patches (noise, stripes, rings, strokes, gradients) to stand in for smudges and
/// background crops that an annotator boxed and labelled as a garment.</summary>
internal static class SyntheticPatches
{
    public static float[] Create(int count, int seed)
    {
        var random = new Random(seed);
        var side = FashionMnist.Side;
        var patches = new float[count * FashionMnist.Pixels];
        for (var p = 0; p < count; p++)
        {
            var patch = patches.AsSpan(p * FashionMnist.Pixels, FashionMnist.Pixels);
            var kind = p % 5;
            var a = random.NextDouble();
            var b = random.NextDouble();
            var cx = 4 + (random.NextDouble() * 20);
            var cy = 4 + (random.NextDouble() * 20);
            var angle = random.NextDouble() * Math.PI;
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var r = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                    patch[(y * side) + x] = kind switch
                    {
                        0 => (float)random.NextDouble(),
                        1 => Math.Sin(((x * Math.Cos(angle)) + (y * Math.Sin(angle))) * (0.5 + (2 * a))) > 0 ? 1f : 0f,
                        2 => Math.Abs(r - (3 + (8 * a))) < 1.5 + (2 * b) ? 1f : 0f,
                        3 => 0f,
                        _ => (float)Math.Clamp(((x * Math.Cos(angle)) + (y * Math.Sin(angle))) / 40.0 + (a * 0.5), 0, 1),
                    };
                }
            }

            if (kind == 3)
            {
                Strokes(patch, random);
            }
        }

        return patches;
    }

    private static void Strokes(Span<float> patch, Random random)
    {
        var side = FashionMnist.Side;
        for (var s = 0; s < 3; s++)
        {
            double x0 = random.Next(side), y0 = random.Next(side), x1 = random.Next(side), y1 = random.Next(side);
            for (var t = 0.0; t <= 1.0; t += 0.02)
            {
                var x = (int)(x0 + ((x1 - x0) * t));
                var y = (int)(y0 + ((y1 - y0) * t));
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        if (x + dx < side && y + dy < side)
                        {
                            patch[((y + dy) * side) + x + dx] = 1f;
                        }
                    }
                }
            }
        }
    }
}
