namespace LabelBridge.Embeddings.Import.Onnx;

/// <summary>One node attribute; build it with <see cref="Int"/>, <see cref="Ints"/>, <see cref="Float"/> or <see cref="String"/>.</summary>
/// <remarks>Only the attribute kinds the importer and tests need exist, so a node can never carry a half-written attribute.</remarks>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    internal OnnxAttributeKind Kind { get; }

    internal long IntValue { get; private init; }

    internal IReadOnlyList<long> IntValues { get; private init; } = [];

    internal float FloatValue { get; private init; }

    internal string StringValue { get; private init; } = "";

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int) { IntValue = value };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints) { IntValues = values };

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float) { FloatValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeKind.String) { StringValue = value };
}

/// <summary>Values are onnx.proto's <c>AttributeProto.AttributeType</c>.</summary>
internal enum OnnxAttributeKind
{
    Float = 1,
    Int = 2,
    String = 3,
    Ints = 7,
}
