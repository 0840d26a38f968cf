using Microsoft.ML.OnnxRuntime;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Models;

/// <summary>Finds disagreements between a manifest and itself or its ONNX graph, named for the person who wrote it.</summary>
internal static class ManifestCheck
{
    public static string? Problem(ModelManifest manifest)
    {
        var input = manifest.Input;
        if (input is null || string.IsNullOrEmpty(input.Name))
        {
            return "the manifest has no input name";
        }

        if (manifest.Output is null || string.IsNullOrEmpty(manifest.Output.Name))
        {
            return "the manifest has no output name";
        }

        if (input.Width <= 0 || input.Height <= 0)
        {
            return ModelLoader.Invariant($"the manifest's input size {input.Width}×{input.Height} is not positive");
        }

        if (input.Layout is not ("NHWC" or "NCHW"))
        {
            return $"the manifest's input layout '{input.Layout}' is neither NHWC nor NCHW";
        }

        if (input.ChannelOrder is not ("RGB" or "BGR"))
        {
            return $"the manifest's channel order '{input.ChannelOrder}' is neither RGB nor BGR";
        }

        if (input.Mean is not { Length: 3 } || input.Std is not { Length: 3 } || input.Std.Any(s => s == 0 || !float.IsFinite(s)))
        {
            return "the manifest needs three mean values and three non-zero std values";
        }

        if (manifest.Output.Pooling is not ("none" or "gap"))
        {
            return $"the manifest's output pooling '{manifest.Output.Pooling}' is neither none nor gap";
        }

        return null;
    }

    public static string? GraphProblem(
        ModelManifest manifest,
        IReadOnlyDictionary<string, NodeMetadata> inputs,
        IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var input = manifest.Input;
        if (!inputs.TryGetValue(input.Name, out var inputMeta))
        {
            return $"the graph has no input '{input.Name}' (it has: {string.Join(", ", inputs.Keys)})";
        }

        if (inputMeta.ElementType != typeof(float) || inputMeta.Dimensions.Length != 4)
        {
            return $"input '{input.Name}' must be a rank-4 float tensor";
        }

        var dims = inputMeta.Dimensions;
        var (channels, height, width) = input.IsNchw ? (dims[1], dims[2], dims[3]) : (dims[3], dims[1], dims[2]);
        if (!Fits(channels, 3) || !Fits(height, input.Height) || !Fits(width, input.Width))
        {
            return ModelLoader.Invariant(
                $"input '{input.Name}' has shape [{string.Join(",", dims)}], which does not fit {input.Layout} with 3 channels at {input.Width}×{input.Height}");
        }

        if (!outputs.TryGetValue(manifest.Output.Name, out var outputMeta))
        {
            return $"the graph has no output '{manifest.Output.Name}' (it has: {string.Join(", ", outputs.Keys)})";
        }

        var expectedRank = manifest.Output.IsGlobalAveragePooled ? 4 : 2;
        if (outputMeta.ElementType != typeof(float) || outputMeta.Dimensions.Length != expectedRank)
        {
            return ModelLoader.Invariant(
                $"output '{manifest.Output.Name}' must be a rank-{expectedRank} float tensor for pooling '{manifest.Output.Pooling}', but has rank {outputMeta.Dimensions.Length}");
        }

        return null;
    }

    private static bool Fits(int graphDimension, int wanted) => graphDimension <= 0 || graphDimension == wanted;
}
