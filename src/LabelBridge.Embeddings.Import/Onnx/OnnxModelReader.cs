using Google.Protobuf;

namespace LabelBridge.Embeddings.Import.Onnx;

/// <summary>A single-graph ONNX model as <see cref="OnnxModelReader"/> read it: the parts <see cref="OnnxGraphBuilder"/> writes.</summary>
internal sealed record OnnxModelContent(
    string GraphName,
    int OpsetVersion,
    string? Description,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>Reads back the subset of onnx.proto that <see cref="OnnxProtoWriter"/> writes (field numbers as there), so a model
/// LabelBridge wrote can be transformed (quantized) without Python or protoc.</summary>
/// <remarks>Fields outside that subset are skipped; a tensor stored other than as <c>raw_data</c>, a sub-graph attribute or a
/// second opset domain is refused by name rather than misread.</remarks>
internal static class OnnxModelReader
{
    public static OnnxModelContent Read(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var input = new CodedInputStream(model);
        string? description = null;
        var opset = 0;
        OnnxModelContent? graph = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 6:
                    description = input.ReadString();
                    break;
                case 7:
                    graph = ReadGraph(input.ReadBytes());
                    break;
                case 8:
                    var (domain, version) = ReadOpset(input.ReadBytes());
                    if (domain.Length != 0 && domain != "ai.onnx")
                    {
                        throw new InvalidDataException($"The model imports operator domain '{domain}'; only the default domain is supported.");
                    }

                    opset = (int)version;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return graph is null
            ? throw new InvalidDataException("The model has no graph.")
            : graph with { OpsetVersion = opset, Description = description };
    }

    private static (string Domain, long Version) ReadOpset(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var domain = "";
        long version = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    domain = input.ReadString();
                    break;
                case 2:
                    version = input.ReadInt64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (domain, version);
    }

    private static OnnxModelContent ReadGraph(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    nodes.Add(ReadNode(input.ReadBytes()));
                    break;
                case 2:
                    name = input.ReadString();
                    break;
                case 5:
                    initializers.Add(ReadTensor(input.ReadBytes()));
                    break;
                case 11:
                    inputs.Add(ReadValueInfo(input.ReadBytes()));
                    break;
                case 12:
                    outputs.Add(ReadValueInfo(input.ReadBytes()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        // Initializers listed among the inputs (older exporters) are constants, not inputs.
        var constant = initializers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        inputs.RemoveAll(i => constant.Contains(i.Name));
        return new OnnxModelContent(name, 0, null, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        string name = "", opType = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    inputs.Add(input.ReadString());
                    break;
                case 2:
                    outputs.Add(input.ReadString());
                    break;
                case 3:
                    name = input.ReadString();
                    break;
                case 4:
                    opType = input.ReadString();
                    break;
                case 5:
                    attributes.Add(ReadAttribute(input.ReadBytes()));
                    break;
                case 7:
                    var domain = input.ReadString();
                    if (domain.Length != 0 && domain != "ai.onnx")
                    {
                        throw new InvalidDataException($"Node '{name}' is in operator domain '{domain}'; only the default domain is supported.");
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxNode(name, opType, [.. inputs], [.. outputs], [.. attributes]);
    }

    private static OnnxAttribute ReadAttribute(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var name = "";
        float f = 0;
        long i = 0;
        var s = "";
        var ints = new List<long>();
        long type = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    name = input.ReadString();
                    break;
                case 2:
                    f = input.ReadFloat();
                    break;
                case 3:
                    i = input.ReadInt64();
                    break;
                case 4:
                    s = input.ReadBytes().ToStringUtf8();
                    break;
                case 8:
                    ReadInt64s(input, tag, ints);
                    break;
                case 20:
                    type = input.ReadInt64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (OnnxAttributeKind)type switch
        {
            OnnxAttributeKind.Float => OnnxAttribute.Float(name, f),
            OnnxAttributeKind.Int => OnnxAttribute.Int(name, i),
            OnnxAttributeKind.String => OnnxAttribute.String(name, s),
            OnnxAttributeKind.Ints => OnnxAttribute.Ints(name, [.. ints]),
            _ => throw new InvalidDataException($"Attribute '{name}' has type {type}, which the reader does not support."),
        };
    }

    private static OnnxTensor ReadTensor(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var dims = new List<long>();
        long dataType = 0;
        var name = "";
        byte[]? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    ReadInt64s(input, tag, dims);
                    break;
                case 2:
                    dataType = input.ReadInt64();
                    break;
                case 8:
                    name = input.ReadString();
                    break;
                case 9:
                    raw = input.ReadBytes().ToByteArray();
                    break;
                case 4 or 5 or 7 or 10 or 11 or 13 or 14:
                    throw new InvalidDataException($"Initializer '{name}' is stored in typed fields; only raw_data is supported.");
                default:
                    input.SkipLastField();
                    break;
            }
        }

        if (!Enum.IsDefined((OnnxElementType)dataType))
        {
            throw new InvalidDataException($"Initializer '{name}' has element type {dataType}, which the reader does not support.");
        }

        return new OnnxTensor(name, (OnnxElementType)dataType, [.. dims], raw ?? []);
    }

    private static OnnxValueInfo ReadValueInfo(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var name = "";
        var elementType = OnnxElementType.Float;
        List<long>? shape = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                name = input.ReadString();
            }
            else if (WireFormat.GetTagFieldNumber(tag) == 2)
            {
                var type = input.ReadBytes().CreateCodedInput();
                uint typeTag;
                while ((typeTag = type.ReadTag()) != 0)
                {
                    if (WireFormat.GetTagFieldNumber(typeTag) != 1)
                    {
                        type.SkipLastField();
                        continue;
                    }

                    (elementType, shape) = ReadTensorType(type.ReadBytes());
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        return new OnnxValueInfo(name, elementType, shape?.ToArray());
    }

    private static (OnnxElementType ElementType, List<long>? Shape) ReadTensorType(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var elementType = OnnxElementType.Float;
        List<long>? shape = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    elementType = (OnnxElementType)input.ReadInt64();
                    break;
                case 2:
                    shape = [];
                    var shapeInput = input.ReadBytes().CreateCodedInput();
                    uint dimTag;
                    while ((dimTag = shapeInput.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(dimTag) != 1)
                        {
                            shapeInput.SkipLastField();
                            continue;
                        }

                        shape.Add(ReadDimension(shapeInput.ReadBytes()));
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (elementType, shape);
    }

    private static long ReadDimension(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var value = OnnxGraphBuilder.DynamicDimension;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                value = input.ReadInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    private static void ReadInt64s(CodedInputStream input, uint tag, List<long> values)
    {
        if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
        {
            var packed = input.ReadBytes().CreateCodedInput();
            while (!packed.IsAtEnd)
            {
                values.Add(packed.ReadInt64());
            }
        }
        else
        {
            values.Add(input.ReadInt64());
        }
    }
}
