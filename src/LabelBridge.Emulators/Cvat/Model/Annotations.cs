using System.Text.Json.Nodes;

namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>Builds annotation objects exactly as CVAT serialises them in <c>GET /api/jobs/{id}/annotations/</c>.</summary>
public static class Annotations
{
    public static JsonObject Shape(
        long id, string type, int frame, long labelId, double[] points, double rotation = 0, bool occluded = false, bool outside = false, JsonArray? elements = null) =>
        new()
        {
            ["attributes"] = new JsonArray(),
            ["elements"] = elements ?? new JsonArray(),
            ["frame"] = frame,
            ["group"] = 0,
            ["id"] = id,
            ["label_id"] = labelId,
            ["occluded"] = occluded,
            ["outside"] = outside,
            ["points"] = Numbers(points),
            ["rotation"] = rotation,
            ["source"] = "manual",
            ["type"] = type,
            ["z_order"] = 0,
        };

    public static JsonObject TrackedShape(long id, string type, int frame, double[] points, bool outside = false, double rotation = 0) =>
        new()
        {
            ["attributes"] = new JsonArray(),
            ["frame"] = frame,
            ["id"] = id,
            ["occluded"] = false,
            ["outside"] = outside,
            ["points"] = Numbers(points),
            ["rotation"] = rotation,
            ["type"] = type,
            ["z_order"] = 0,
        };

    public static JsonObject Track(long id, int frame, long labelId, IEnumerable<JsonObject> shapes, JsonArray? elements = null) =>
        new()
        {
            ["attributes"] = new JsonArray(),
            ["elements"] = elements ?? new JsonArray(),
            ["frame"] = frame,
            ["group"] = 0,
            ["id"] = id,
            ["label_id"] = labelId,
            ["shapes"] = new JsonArray([.. shapes]),
            ["source"] = "manual",
        };

    public static JsonObject Tag(long id, int frame, long labelId) =>
        new()
        {
            ["attributes"] = new JsonArray(),
            ["frame"] = frame,
            ["group"] = 0,
            ["id"] = id,
            ["label_id"] = labelId,
            ["source"] = "manual",
        };

    private static JsonArray Numbers(double[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
