using System.Runtime.InteropServices;

namespace LabelBridge.Embeddings.Import.Onnx;

/// <summary>Builds a single-graph ONNX model in memory and writes it as an ONNX protobuf file.</summary>
/// <remarks>
/// LabelBridge writes its models itself (no Python, no protoc): the importer turns tfjs models into ONNX with it, and tests use it
/// to generate tiny models. Dimensions given as <see cref="DynamicDimension"/> become a named symbolic dimension (the batch).
/// </remarks>
public sealed class OnnxGraphBuilder
{
    /// <summary>A dimension left open at run time (written as the symbolic dimension <c>N</c>).</summary>
    public const long DynamicDimension = -1;

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName = "labelbridge", int opsetVersion = 17)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        ArgumentOutOfRangeException.ThrowIfLessThan(opsetVersion, 13);
        GraphName = graphName;
        OpsetVersion = opsetVersion;
    }

    public string GraphName { get; }

    public int OpsetVersion { get; }

    /// <summary>Free-text description stored in the model's doc string.</summary>
    public string? Description { get; set; }

    public void AddInput(string name, OnnxElementType elementType, params long[] shape) =>
        _inputs.Add(new OnnxValueInfo(Claim(name), elementType, shape));

    public void AddOutput(string name, OnnxElementType elementType, params long[] shape) =>
        _outputs.Add(new OnnxValueInfo(name, elementType, shape));

    /// <summary>Adds an output whose shape the graph does not state (ONNX Runtime infers it): how calibration reads
    /// intermediate values.</summary>
    public void AddOutputOfUnknownShape(string name, OnnxElementType elementType) =>
        _outputs.Add(new OnnxValueInfo(name, elementType, null));

    public void AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.Float, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    public void AddInitializer(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.UInt8, values.ToArray(), values.Length, dims);

    public void AddInitializer(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.Int8, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    public void AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    public void AddInitializer(string name, ReadOnlySpan<int> values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.Int32, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    /// <summary>Adds an initializer whose little-endian bytes are already laid out (a tensor copied from a model that was read).</summary>
    internal void AddRawInitializer(string name, OnnxElementType elementType, byte[] rawData, long[] dims)
    {
        var size = elementType switch
        {
            OnnxElementType.Float or OnnxElementType.Int32 => 4,
            OnnxElementType.Int64 => 8,
            _ => 1,
        };
        AddInitializer(name, elementType, rawData, rawData.Length / size, dims);
    }

    /// <summary>Adds one operator node; its outputs become names later nodes can consume.</summary>
    public void AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var output in outputs)
        {
            Claim(output);
        }

        _nodes.Add(new OnnxNode($"{opType}_{_nodes.Count}", opType, [.. inputs], [.. outputs], attributes));
    }

    /// <summary>Writes the model (ONNX protobuf, little-endian raw tensor data) to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_outputs.Count == 0)
        {
            throw new InvalidOperationException("An ONNX graph needs at least one output.");
        }

        OnnxProtoWriter.WriteModel(stream, this, _nodes, _initializers, _inputs, _outputs);
    }

    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    private void AddInitializer(string name, OnnxElementType elementType, byte[] rawData, int count, long[] dims)
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}' has {count} values but dims [{string.Join(',', dims)}] hold {expected}.", nameof(dims));
        }

        _initializers.Add(new OnnxTensor(Claim(name), elementType, dims, rawData));
    }

    private string Claim(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The name '{name}' is already produced in this graph.", nameof(name));
        }

        return name;
    }
}

internal sealed record OnnxNode(string Name, string OpType, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

internal sealed record OnnxTensor(string Name, OnnxElementType ElementType, long[] Dims, byte[] RawData);

internal sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, long[]? Shape);
