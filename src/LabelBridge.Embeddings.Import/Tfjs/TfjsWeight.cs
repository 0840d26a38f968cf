namespace LabelBridge.Embeddings.Import.Tfjs;

/// <summary>One weight tensor of a tfjs model, kept as stored: uint8 codes with their affine dequantization, raw float32, or int32.</summary>
/// <param name="Name">The weight's name in the manifest (a graph model's Const node, or <c>layer/kernel</c> for layers models).</param>
/// <param name="Shape">The TensorFlow shape (kernels HWIO, depthwise kernels HW·C·M).</param>
/// <param name="QuantizedValues">uint8 codes, when quantized; value = code × <paramref name="Scale"/> + <paramref name="Min"/>.</param>
/// <param name="Scale">Dequantization step (1 when not quantized).</param>
/// <param name="Min">Dequantization offset, the value of code 0 (0 when not quantized).</param>
/// <param name="FloatValues">Values as float32, when not uint8-quantized (float16-stored weights are widened on reading).</param>
/// <param name="IntValues">Values of an int32 constant (transpose permutations, paddings, axes, split sizes).</param>
internal sealed record TfjsWeight(string Name, int[] Shape, byte[]? QuantizedValues, float Scale, float Min, float[]? FloatValues, int[]? IntValues = null);
