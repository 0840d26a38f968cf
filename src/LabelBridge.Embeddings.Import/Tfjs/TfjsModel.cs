using System.Text.Json;

namespace LabelBridge.Embeddings.Import.Tfjs;

/// <summary>A tfjs model as shipped: its topology JSON (graph or Keras layers format) and its weights by name.</summary>
internal sealed class TfjsModel(TfjsModelFormat format, JsonElement topology, IReadOnlyDictionary<string, TfjsWeight> weights)
{
    public TfjsModelFormat Format { get; } = format;

    /// <summary>The <c>modelTopology</c> object: <c>{ node: [...] }</c> for graph models, <c>{ model_config: ... }</c> for layers models.</summary>
    public JsonElement Topology { get; } = topology;

    public IReadOnlyDictionary<string, TfjsWeight> Weights { get; } = weights;

    public TfjsWeight Weight(string name) =>
        Weights.TryGetValue(name, out var weight)
            ? weight
            : throw new InvalidDataException($"The model has no weight named '{name}'.");
}

internal enum TfjsModelFormat
{
    Graph,
    Layers,
}
