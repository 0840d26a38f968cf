using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBridge.Core.Findings;

namespace LabelBridge.Storage.Encoding;

/// <summary>A finding's neighbour evidence as a JSON array of <c>{"annotationKey", "label", "similarity"}</c>.</summary>
internal static class NeighbourJson
{
    public static string ToJson(IReadOnlyList<NeighbourEvidence> neighbours)
    {
        var rows = new NeighbourRow[neighbours.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var neighbour = neighbours[i];
            rows[i] = new NeighbourRow(neighbour.AnnotationKey, neighbour.Label, neighbour.Similarity);
        }

        return JsonSerializer.Serialize(rows, NeighbourJsonContext.Default.NeighbourRowArray);
    }

    public static IReadOnlyList<NeighbourEvidence> FromJson(string json)
    {
        var rows = JsonSerializer.Deserialize(json, NeighbourJsonContext.Default.NeighbourRowArray)
            ?? throw new InvalidDataException("Neighbour evidence is JSON null.");
        var neighbours = new NeighbourEvidence[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            neighbours[i] = new NeighbourEvidence(rows[i].AnnotationKey, rows[i].Label, rows[i].Similarity);
        }

        return neighbours;
    }
}

internal sealed record NeighbourRow(string AnnotationKey, string Label, double Similarity);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NeighbourRow[]))]
internal sealed partial class NeighbourJsonContext : JsonSerializerContext;
