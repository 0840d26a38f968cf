using System.Numerics.Tensors;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Adam (Kingma and Ba 2015) over spans, shared by the out-of-fold regression and network so both learn with
/// the same update.</summary>
internal static class AdamOptimizer
{
    public const float Beta1 = 0.9f;
    public const float Beta2 = 0.999f;

    /// <summary>The bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ of step t (from 1).</summary>
    public static (float First, float Second) Corrections(int step) =>
        (1f - MathF.Pow(Beta1, step), 1f - MathF.Pow(Beta2, step));

    /// <summary>Turns <paramref name="g"/>, the batch's raw-space sums Σ r·x of one output's weights, into the gradient of
    /// the mean loss in standardised space, (Σ r·x − μ·Σ r) ∘ s / B, plus the L2 term on <paramref name="w"/>: both learners
    /// sum rows unstandardised and standardise once per step.</summary>
    public static void StandardisedGradient(
        Span<float> g, float residualSum, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, int batch, ReadOnlySpan<float> w, float l2)
    {
        TensorPrimitives.MultiplyAdd(mean, -residualSum, g, g);
        TensorPrimitives.Multiply(g, scale, g);
        TensorPrimitives.Multiply(g, 1f / batch, g);
        TensorPrimitives.MultiplyAdd(w, l2, g, g);
    }

    /// <summary>One update of <paramref name="w"/> from gradient <paramref name="g"/>, moving the moment estimates
    /// <paramref name="m"/> and <paramref name="v"/>; <paramref name="scratch"/> bounds the temporary (any length ≥ 1).</summary>
    public static void Step(Span<float> g, Span<float> w, Span<float> m, Span<float> v, float rate, float correction1, float correction2, float[] scratch)
    {
        for (var start = 0; start < g.Length; start += scratch.Length)
        {
            var length = Math.Min(scratch.Length, g.Length - start);
            var gs = g.Slice(start, length);
            var ms = m.Slice(start, length);
            var vs = v.Slice(start, length);
            var t = scratch.AsSpan(0, length);
            TensorPrimitives.Multiply(ms, Beta1, ms);
            TensorPrimitives.MultiplyAdd(gs, 1f - Beta1, ms, ms);
            TensorPrimitives.Multiply(gs, gs, t);
            TensorPrimitives.Multiply(vs, Beta2, vs);
            TensorPrimitives.MultiplyAdd(t, 1f - Beta2, vs, vs);
            TensorPrimitives.Multiply(vs, 1f / correction2, t);
            TensorPrimitives.Sqrt(t, t);
            TensorPrimitives.Add(t, 1e-8f, t);
            TensorPrimitives.Divide(ms, t, t);
            TensorPrimitives.MultiplyAdd(t, -rate / correction1, w.Slice(start, length), w.Slice(start, length));
        }
    }
}
