using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Embeddings.Import.Tfjs;

namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Turns a tfjs model directory (graph or Keras layers format) into an ONNX model with an NHWC float input.</summary>
/// <remarks>The graph is built for one input size because TF "SAME" padding depends on it (see <see cref="TfjsImportOptions"/>).</remarks>
public static class TfjsOnnxImporter
{
    public static async Task<byte[]> ImportAsync(string modelDirectory, TfjsImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = await TfjsModelReader.ReadAsync(modelDirectory, cancellationToken);
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
