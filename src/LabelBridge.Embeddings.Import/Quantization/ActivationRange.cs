namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>The calibrated float range of one activation and the uint8 affine parameters that cover it (zero exactly representable).</summary>
internal readonly record struct ActivationRange(float Min, float Max)
{
    public float Scale
    {
        get
        {
            var low = Math.Min(Min, 0f);
            var high = Math.Max(Max, 0f);
            var scale = (high - low) / 255f;
            return scale > 0 && float.IsFinite(scale) ? scale : 1f;
        }
    }

    public byte ZeroPoint => (byte)Math.Clamp(MathF.Round(-Math.Min(Min, 0f) / Scale, MidpointRounding.ToEven), 0, 255);
}
