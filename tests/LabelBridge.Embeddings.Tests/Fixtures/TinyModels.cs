using LabelBridge.Embeddings.Import.Onnx;

namespace LabelBridge.Embeddings.Tests.Fixtures;

/// <summary>Tiny ONNX models written with the importer's graph builder, each with its manifest.</summary>
internal static class TinyModels
{
    /// <summary>NCHW RGB 8×8 → 1×1 convolution with identity weights → spatial output; the manifest asks for <c>gap</c>,
    /// so the embedding is the patch's mean colour.</summary>
    public static void WriteMeanColour(string directory, string name = "mean_colour")
    {
        var graph = new OnnxGraphBuilder(name);
        graph.AddInput("input", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 3, 8, 8);
        graph.AddInitializer("weights", [1f, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3, 1, 1);
        graph.AddNode("Conv", ["input", "weights"], ["features"]);
        graph.AddOutput("features", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 3, 8, 8);
        Write(directory, name, graph.ToArray(), Manifest(name, "input", 8, 8, "NCHW", "RGB", "features", "gap"));
    }

    /// <summary>NHWC BGR 8×8 → mean over the image → [N,3] → a fixed 3×4 matrix: already flat (<c>none</c>).</summary>
    public static void WriteFlatBgr(string directory, string name = "flat_bgr")
    {
        var graph = new OnnxGraphBuilder(name);
        graph.AddInput("pixels", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 8, 8, 3);
        graph.AddNode("ReduceMean", ["pixels"], ["mean"], OnnxAttribute.Ints("axes", 1, 2), OnnxAttribute.Int("keepdims", 0));
        graph.AddInitializer("projection", [1f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], 3, 4);
        graph.AddNode("MatMul", ["mean", "projection"], ["embedding"]);
        graph.AddOutput("embedding", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 4);
        Write(directory, name, graph.ToArray(), Manifest(name, "pixels", 8, 8, "NHWC", "BGR", "embedding", "none"));
    }

    /// <summary>The mean-colour graph under a manifest that does not fit it.</summary>
    public static void WriteMismatched(string directory, string name, string inputName, int size, string outputName, string pooling)
    {
        WriteMeanColour(directory, name);
        File.WriteAllText(Path.Combine(directory, name + ".manifest.json"), Manifest(name, inputName, size, size, "NCHW", "RGB", outputName, pooling));
    }

    public static string Manifest(string name, string input, int width, int height, string layout, string channelOrder, string output, string pooling) => $$"""
        {
          "name": "{{name}}",
          "description": "test model",
          "input": { "name": "{{input}}", "width": {{width}}, "height": {{height}}, "layout": "{{layout}}", "channelOrder": "{{channelOrder}}",
                     "mean": [0, 0, 0], "std": [1, 1, 1] },
          "output": { "name": "{{output}}", "pooling": "{{pooling}}" },
          "source": { "package": "tests", "license": "MIT", "integrity": "none" }
        }
        """;

    private static void Write(string directory, string name, byte[] model, string manifest)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name + ".onnx"), model);
        File.WriteAllText(Path.Combine(directory, name + ".manifest.json"), manifest);
    }
}
