namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>TensorFlow's padding rules, resolved to explicit begin/end pads for one spatial axis.</summary>
/// <remarks>
/// TF "SAME" puts the odd pixel at the end (bottom/right). ONNX's symmetric or SAME_UPPER/LOWER auto-pads do not match it for
/// every size, so the importer always writes explicit pads, which is why a graph is built for one input size.
/// </remarks>
internal static class TfPadding
{
    public static (int Begin, int End, int Output) Resolve(PaddingMode mode, int input, int kernel, int stride, int dilation)
    {
        var span = ((kernel - 1) * dilation) + 1;
        if (mode == PaddingMode.Valid)
        {
            var valid = ((input - span) / stride) + 1;
            if (valid < 1)
            {
                throw new InvalidDataException($"A {kernel}-wide VALID window does not fit an input of {input}.");
            }

            return (0, 0, valid);
        }

        var output = (input + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + span - input, 0);
        return (total / 2, total - (total / 2), output);
    }

    public static PaddingMode Parse(string? padding) => padding?.ToUpperInvariant() switch
    {
        "SAME" => PaddingMode.Same,
        "VALID" => PaddingMode.Valid,
        _ => throw new NotSupportedException($"Padding '{padding}' is not supported (only SAME and VALID)."),
    };
}

internal enum PaddingMode
{
    Same,
    Valid,
}
