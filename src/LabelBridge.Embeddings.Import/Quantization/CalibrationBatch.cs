namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>One batch of model input for calibration, laid out as the model's input (e.g. [N,128,128,3] NHWC floats).</summary>
public sealed record CalibrationBatch(float[] Values, long[] Shape);

/// <summary>How an activation's range is taken from the calibration patches.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax,

    /// <summary>The values at <see cref="Int8QuantizationOptions.Percentile"/> and its complement of a histogram over the
    /// min–max range: a few extreme activations no longer stretch the 256 steps over mostly empty range.</summary>
    Percentile,
}

/// <summary>Settings of <see cref="Int8Quantizer"/>.</summary>
/// <param name="Method">How activation ranges are calibrated.</param>
/// <param name="Percentile">For <see cref="CalibrationMethod.Percentile"/>: the share of values (in percent) kept inside the range.</param>
public sealed record Int8QuantizationOptions(CalibrationMethod Method = CalibrationMethod.MinMax, double Percentile = 99.999);
