using System.Text.Json.Nodes;

namespace LabelBridge.LabelStudio.Tests.Fixtures;

/// <summary>Result regions exactly as Label Studio's labeling UI saves them.</summary>
internal static class Regions
{
    public const string RectangleConfig = """
        <View>
          <Image name="image" value="$image"/>
          <RectangleLabels name="label" toName="image">
            <Label value="Cat"/><Label value="Dog"/>
          </RectangleLabels>
          <PolygonLabels name="outline" toName="image">
            <Label value="Cat"/><Label value="Dog"/>
          </PolygonLabels>
          <BrushLabels name="mask" toName="image">
            <Label value="Cat"/><Label value="Dog"/>
          </BrushLabels>
          <KeyPointLabels name="point" toName="image">
            <Label value="Nose"/>
          </KeyPointLabels>
          <Choices name="scene" toName="image" choice="multiple">
            <Choice value="Indoor"/><Choice value="Outdoor"/><Choice value="Night"/>
          </Choices>
        </View>
        """;

    public static JsonObject Rectangle(string id, double x, double y, double width, double height, string label, int imageWidth, int imageHeight, double rotation = 0) =>
        Region(id, "label", "rectanglelabels", imageWidth, imageHeight, new JsonObject
        {
            ["x"] = x, ["y"] = y, ["width"] = width, ["height"] = height, ["rotation"] = rotation, ["rectanglelabels"] = new JsonArray(label),
        });

    public static JsonObject Polygon(string id, double[][] points, string label, int imageWidth, int imageHeight) =>
        Region(id, "outline", "polygonlabels", imageWidth, imageHeight, new JsonObject
        {
            ["points"] = new JsonArray(points.Select(p => (JsonNode)new JsonArray(p[0], p[1])).ToArray()),
            ["closed"] = true,
            ["polygonlabels"] = new JsonArray(label),
        });

    public static JsonObject Brush(string id, int[] rle, string label, int imageWidth, int imageHeight) =>
        Region(id, "mask", "brushlabels", imageWidth, imageHeight, new JsonObject
        {
            ["format"] = "rle",
            ["rle"] = new JsonArray(rle.Select(b => (JsonNode)b).ToArray()),
            ["brushlabels"] = new JsonArray(label),
        });

    public static JsonObject KeyPoint(string id, double x, double y, double width, string label, int imageWidth, int imageHeight) =>
        Region(id, "point", "keypointlabels", imageWidth, imageHeight, new JsonObject
        {
            ["x"] = x, ["y"] = y, ["width"] = width, ["keypointlabels"] = new JsonArray(label),
        });

    public static JsonObject Choices(string id, params string[] chosen) => new()
    {
        ["id"] = id,
        ["from_name"] = "scene",
        ["to_name"] = "image",
        ["type"] = "choices",
        ["origin"] = "manual",
        ["value"] = new JsonObject { ["choices"] = new JsonArray(chosen.Select(c => (JsonNode)c).ToArray()) },
    };

    public static JsonArray Result(params JsonObject[] regions) => new(regions.Select(r => (JsonNode)r).ToArray());

    private static JsonObject Region(string id, string control, string type, int imageWidth, int imageHeight, JsonObject value) => new()
    {
        ["id"] = id,
        ["from_name"] = control,
        ["to_name"] = "image",
        ["type"] = type,
        ["origin"] = "manual",
        ["original_width"] = imageWidth,
        ["original_height"] = imageHeight,
        ["image_rotation"] = 0,
        ["value"] = value,
    };
}
