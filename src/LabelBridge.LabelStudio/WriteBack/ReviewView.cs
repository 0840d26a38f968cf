using System.Text.Json.Nodes;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>The saved Data Manager tab listing the flagged tasks.</summary>
/// <remarks>In the open-source edition task meta is not a Data Manager column, so the tab filters on task ids
/// (<c>filter:tasks:id</c>, <c>in_list</c>), rewritten on every sweep.</remarks>
internal static class ReviewView
{
    public const string Title = "LabelBridge: needs review";

    public static JsonObject Data(IReadOnlyCollection<long> taskIds) => new()
    {
        ["title"] = Title,
        ["filters"] = new JsonObject
        {
            ["conjunction"] = "and",
            ["items"] = new JsonArray(new JsonObject
            {
                ["filter"] = "filter:tasks:id",
                ["operator"] = "in_list",
                ["type"] = "Number",
                ["value"] = new JsonArray(taskIds.Order().Select(id => (JsonNode)id).ToArray()),
            }),
        },
    };

    public static bool IsOurs(JsonObject? data) => (string?)data?["title"] == Title;
}
