using System.Text;
using Google.Protobuf;

namespace LabelBridge.Embeddings.Import.Onnx;

/// <summary>Writes the subset of onnx.proto LabelBridge uses, with the official field numbers.</summary>
internal static class OnnxProtoWriter
{
    private const long IrVersion = 8;

    private static class ModelField
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int ProducerVersion = 3;
        public const int DocString = 6;
        public const int Graph = 7;
        public const int OpsetImport = 8;
    }

    private static class OpsetField
    {
        public const int Domain = 1;
        public const int Version = 2;
    }

    private static class GraphField
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int Input = 11;
        public const int Output = 12;
    }

    private static class NodeField
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
    }

    private static class AttributeField
    {
        public const int Name = 1;
        public const int F = 2;
        public const int I = 3;
        public const int S = 4;
        public const int Ints = 8;
        public const int Type = 20;
    }

    private static class TensorField
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Name = 8;
        public const int RawData = 9;
    }

    private static class ValueInfoField
    {
        public const int Name = 1;
        public const int Type = 2;
    }

    private static class TypeField
    {
        public const int TensorType = 1;
        public const int ElemType = 1;
        public const int Shape = 2;
        public const int Dim = 1;
        public const int DimValue = 1;
        public const int DimParam = 2;
    }

    public static void WriteModel(
        Stream stream,
        OnnxGraphBuilder builder,
        IReadOnlyList<OnnxNode> nodes,
        IReadOnlyList<OnnxTensor> initializers,
        IReadOnlyList<OnnxValueInfo> inputs,
        IReadOnlyList<OnnxValueInfo> outputs)
    {
        var output = new CodedOutputStream(stream, leaveOpen: true);
        WriteInt64(output, ModelField.IrVersion, IrVersion);
        WriteString(output, ModelField.ProducerName, "LabelBridge");
        WriteString(output, ModelField.ProducerVersion, typeof(OnnxProtoWriter).Assembly.GetName().Version?.ToString() ?? "0");
        if (builder.Description is { } description)
        {
            WriteString(output, ModelField.DocString, description);
        }

        WriteMessage(output, ModelField.Graph, graph =>
        {
            foreach (var node in nodes)
            {
                WriteMessage(graph, GraphField.Node, message => WriteNode(message, node));
            }

            WriteString(graph, GraphField.Name, builder.GraphName);
            foreach (var tensor in initializers)
            {
                WriteMessage(graph, GraphField.Initializer, message => WriteTensor(message, tensor));
            }

            foreach (var input in inputs)
            {
                WriteMessage(graph, GraphField.Input, message => WriteValueInfo(message, input));
            }

            foreach (var graphOutput in outputs)
            {
                WriteMessage(graph, GraphField.Output, message => WriteValueInfo(message, graphOutput));
            }
        });
        WriteMessage(output, ModelField.OpsetImport, opset =>
        {
            WriteString(opset, OpsetField.Domain, "");
            WriteInt64(opset, OpsetField.Version, builder.OpsetVersion);
        });
        output.Flush();
    }

    private static void WriteNode(CodedOutputStream output, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            WriteString(output, NodeField.Input, input);
        }

        foreach (var nodeOutput in node.Outputs)
        {
            WriteString(output, NodeField.Output, nodeOutput);
        }

        WriteString(output, NodeField.Name, node.Name);
        WriteString(output, NodeField.OpType, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            WriteMessage(output, NodeField.Attribute, message => WriteAttribute(message, attribute));
        }
    }

    private static void WriteAttribute(CodedOutputStream output, OnnxAttribute attribute)
    {
        WriteString(output, AttributeField.Name, attribute.Name);
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Float:
                output.WriteTag(AttributeField.F, WireFormat.WireType.Fixed32);
                output.WriteFloat(attribute.FloatValue);
                break;
            case OnnxAttributeKind.Int:
                WriteInt64(output, AttributeField.I, attribute.IntValue);
                break;
            case OnnxAttributeKind.String:
                WriteBytes(output, AttributeField.S, Encoding.UTF8.GetBytes(attribute.StringValue));
                break;
            case OnnxAttributeKind.Ints:
                foreach (var value in attribute.IntValues)
                {
                    WriteInt64(output, AttributeField.Ints, value);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown attribute kind {attribute.Kind}.");
        }

        WriteInt64(output, AttributeField.Type, (long)attribute.Kind);
    }

    private static void WriteTensor(CodedOutputStream output, OnnxTensor tensor)
    {
        foreach (var dim in tensor.Dims)
        {
            WriteInt64(output, TensorField.Dims, dim);
        }

        WriteInt64(output, TensorField.DataType, (long)tensor.ElementType);
        WriteString(output, TensorField.Name, tensor.Name);
        WriteBytes(output, TensorField.RawData, tensor.RawData);
    }

    private static void WriteValueInfo(CodedOutputStream output, OnnxValueInfo info)
    {
        WriteString(output, ValueInfoField.Name, info.Name);
        WriteMessage(output, ValueInfoField.Type, type =>
            WriteMessage(type, TypeField.TensorType, tensorType =>
            {
                WriteInt64(tensorType, TypeField.ElemType, (long)info.ElementType);
                if (info.Shape is null)
                {
                    return;
                }

                WriteMessage(tensorType, TypeField.Shape, shape =>
                {
                    foreach (var dim in info.Shape)
                    {
                        WriteMessage(shape, TypeField.Dim, dimension =>
                        {
                            if (dim == OnnxGraphBuilder.DynamicDimension)
                            {
                                WriteString(dimension, TypeField.DimParam, "N");
                            }
                            else
                            {
                                WriteInt64(dimension, TypeField.DimValue, dim);
                            }
                        });
                    }
                });
            }));
    }

    private static void WriteMessage(CodedOutputStream output, int field, Action<CodedOutputStream> writeBody)
    {
        using var buffer = new MemoryStream();
        var body = new CodedOutputStream(buffer, leaveOpen: true);
        writeBody(body);
        body.Flush();
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)));
    }

    private static void WriteInt64(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void WriteBytes(CodedOutputStream output, int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }
}
