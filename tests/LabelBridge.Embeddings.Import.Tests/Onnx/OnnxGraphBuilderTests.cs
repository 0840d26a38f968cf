using LabelBridge.Embeddings.Import.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Embeddings.Import.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Written_model_runs_in_onnx_runtime_with_a_dynamic_batch()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("x", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 3);
        builder.AddInitializer("w", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        builder.AddInitializer("q", new byte[] { 10, 20 }, 2);
        builder.AddNode("MatMul", ["x", "w"], ["xw"]);
        builder.AddNode("Cast", ["q"], ["qf"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        builder.AddNode("Add", ["xw", "qf"], ["sum"]);
        builder.AddNode("LeakyRelu", ["sum"], ["y"], OnnxAttribute.Float("alpha", 0.5f));
        builder.AddOutput("y", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 2);

        using var session = new InferenceSession(builder.ToArray());
        float[] input = [1f, 0f, 0f, 0f, 0f, -10f];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [2, 3]);
        using var outputs = session.Run(new RunOptions(), ["x"], [inputValue], ["y"]);

        var result = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal([11f, 22f, -20f, -20f], result);
    }

    [Fact]
    public void Reusing_a_produced_name_is_refused()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInitializer("w", [1f], 1);

        Assert.Throws<ArgumentException>(() => builder.AddNode("Relu", ["w"], ["w"]));
    }
}
