using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Embeddings.Import.Tfjs;

namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Turns a tfjs model (graph or Keras layers format) into an ONNX model with a float image input in the layout the
/// graph declares (NHWC, or NCHW for graphs converted from PyTorch).</summary>
/// <remarks>The graph is built for one input size because TF "SAME" padding depends on it (see <see cref="TfjsImportOptions"/>).</remarks>
public static class TfjsOnnxImporter
{
    /// <summary>Imports the model at <paramref name="modelPath"/>: for nsfwjs' wrapped form the directory holding <c>model.min.js</c>,
    /// for the converter's form the <c>.json</c> file.</summary>
    public static async Task<byte[]> ImportAsync(string modelPath, TfjsImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = modelPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(modelPath)
            ? await TfjsModelReader.ReadJsonAsync(modelPath, cancellationToken)
            : await TfjsModelReader.ReadAsync(modelPath, cancellationToken);
        return Build(model, options, description: null).ToArray();
    }

    internal static OnnxGraphBuilder Build(TfjsModel model, TfjsImportOptions options, string? description)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InputWidth, 1);
        var builder = new OnnxGraphBuilder() { Description = description };
        var emitter = new NchwGraphEmitter(builder);
        if (model.Format == TfjsModelFormat.Graph)
        {
            GraphModelTranslator.Translate(model, options, emitter);
        }
        else
        {
            LayersModelTranslator.Translate(model, options, emitter);
        }

        return builder;
    }
}
