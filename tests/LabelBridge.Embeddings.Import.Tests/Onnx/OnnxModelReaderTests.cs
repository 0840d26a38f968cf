using LabelBridge.Embeddings.Import.Onnx;

namespace LabelBridge.Embeddings.Import.Tests.Onnx;

public sealed class OnnxModelReaderTests
{
    [Fact]
    public void A_model_read_back_and_written_again_has_the_same_bytes()
    {
        var builder = new OnnxGraphBuilder("tiny", 17) { Description = "a test graph" };
        builder.AddInput("x", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 3);
        builder.AddInitializer("w", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        builder.AddInitializer("q", new byte[] { 10, 20 }, 2);
        builder.AddInitializer("s", new sbyte[] { -3, 4 }, 2);
        builder.AddNode("MatMul", ["x", "w"], ["xw"]);
        builder.AddNode("Cast", ["q"], ["qf"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        builder.AddNode("Add", ["xw", "qf"], ["sum"]);
        builder.AddNode("LeakyRelu", ["sum"], ["y"], OnnxAttribute.Float("alpha", 0.5f));
        builder.AddNode("Transpose", ["y"], ["t"], OnnxAttribute.Ints("perm", 1, 0));
        builder.AddOutput("t", OnnxElementType.Float, 2, OnnxGraphBuilder.DynamicDimension);
        var written = builder.ToArray();

        var read = OnnxModelReader.Read(written);
        var again = new OnnxGraphBuilder(read.GraphName, read.OpsetVersion) { Description = read.Description };
        foreach (var input in read.Inputs)
        {
            again.AddInput(input.Name, input.ElementType, input.Shape!);
        }

        foreach (var node in read.Nodes)
        {
            again.AddNode(node.OpType, node.Inputs, node.Outputs, node.Attributes);
        }

        foreach (var tensor in read.Initializers)
        {
            again.AddRawInitializer(tensor.Name, tensor.ElementType, tensor.RawData, tensor.Dims);
        }

        foreach (var output in read.Outputs)
        {
            again.AddOutput(output.Name, output.ElementType, output.Shape!);
        }

        Assert.Equal(("tiny", 17, "a test graph"), (read.GraphName, read.OpsetVersion, read.Description));
        Assert.Equal(["MatMul", "Cast", "Add", "LeakyRelu", "Transpose"], read.Nodes.Select(n => n.OpType));
        Assert.Equal([OnnxElementType.Float, OnnxElementType.UInt8, OnnxElementType.Int8], read.Initializers.Select(t => t.ElementType));
        Assert.Equal(Convert.ToHexString(written), Convert.ToHexString(again.ToArray()));
    }
}
