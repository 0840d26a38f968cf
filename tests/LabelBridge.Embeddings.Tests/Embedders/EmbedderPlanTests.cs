using LabelBridge.Core.Configuration;
using LabelBridge.Embeddings.Embedders;
using LabelBridge.Embeddings.Patches;

namespace LabelBridge.Embeddings.Tests.Embedders;

public sealed class EmbedderPlanTests
{
    private static readonly CropSettings Crop = new(0.1, PatchResizeMode.Letterbox);

    [Fact]
    public void Combination_is_composed_in_the_runs_own_buffer_each_part_scaled_as_composed_from_its_parts()
    {
        var plan = new EmbedderPlan([new Fixed("a", 3), new Fixed("b", 2)], Crop);
        float[] a = [0.6f, 0.8f, 0f, 1f, 0f, 0f];
        float[] b = [0f, 1f, 0.28f, 0.96f];
        var rows = new float[2 * 5];
        for (var i = 0; i < 2; i++)
        {
            a.AsSpan(i * 3, 3).CopyTo(rows.AsSpan(i * 5));
            b.AsSpan(i * 2, 2).CopyTo(rows.AsSpan((i * 5) + 3));
        }

        var composed = plan.ComposeInPlace(rows, [true, true]);

        Assert.Same(rows, composed);
        var scale = 1f / MathF.Sqrt(2);
        Assert.Equal([a[0] * scale, a[1] * scale, a[2] * scale, b[0] * scale, b[1] * scale,
            a[3] * scale, a[4] * scale, a[5] * scale, b[2] * scale, b[3] * scale], composed);
    }

    [Fact]
    public void Absent_rows_are_left_out_and_the_rows_after_them_move_down_unchanged()
    {
        var one = new EmbedderPlan([new Fixed("a", 2)], Crop);
        float[] rows = [1f, 0f, 9f, 9f, 0f, 1f, 9f, 9f, 0.6f, 0.8f];

        var composed = one.ComposeInPlace(rows, [true, false, true, false, true]);

        Assert.Equal([1f, 0f, 0f, 1f, 0.6f, 0.8f], composed);
        Assert.Empty(one.ComposeInPlace([9f, 9f], [false]));
        Assert.Throws<InvalidOperationException>(() => one.ComposeInPlace(new float[3], [true]));
    }

    [Fact]
    public void A_part_named_twice_is_scaled_once_in_each_of_its_slots()
    {
        // "pixel+pixel": the same embedder instance twice, its vector in both slots of the run's row.
        var part = new Fixed("a", 2);
        var plan = new EmbedderPlan([part, part], Crop);
        float[] rows = [0.6f, 0.8f, 0.6f, 0.8f];

        var composed = plan.ComposeInPlace(rows, [true]);

        var scale = 1f / MathF.Sqrt(2);
        Assert.Equal([0.6f * scale, 0.8f * scale, 0.6f * scale, 0.8f * scale], composed);
        Assert.Equal(1f, MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(composed)), 5);
    }

    private sealed class Fixed(string name, int dimension) : IPatchEmbedder
    {
        public string Name => name;

        public string Fingerprint => name;

        public int InputWidth => 1;

        public int InputHeight => 1;

        public int Dimension => dimension;

        public void Embed(ReadOnlySpan<byte> rgbaPatches, int count, Span<float> destination) => throw new NotSupportedException();
    }
}
