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

    /// <summary>Whether a saved tab already filters as <paramref name="wanted"/> does.</summary>
    /// <remarks>Label Studio answers filters rebuilt from its own rows (data_manager/serializers.py ViewSerializer), with
    /// fields it adds (<c>child_filters: []</c>) and types it may rewrite, so only the conjunction and each item's
    /// filter, operator and value are compared; comparing the raw JSON re-PATCHed the tab on every sweep.</remarks>
    public static bool SameFilters(JsonNode? saved, JsonNode? wanted)
    {
        if (saved is not JsonObject savedFilters || wanted is not JsonObject wantedFilters
            || (string?)savedFilters["conjunction"] != (string?)wantedFilters["conjunction"]
            || savedFilters["items"] is not JsonArray savedItems || wantedFilters["items"] is not JsonArray wantedItems
            || savedItems.Count != wantedItems.Count)
        {
            return false;
        }

        for (var i = 0; i < savedItems.Count; i++)
        {
            if (savedItems[i] is not JsonObject savedItem || wantedItems[i] is not JsonObject wantedItem
                || (string?)savedItem["filter"] != (string?)wantedItem["filter"]
                || (string?)savedItem["operator"] != (string?)wantedItem["operator"]
                || !JsonNode.DeepEquals(savedItem["value"], wantedItem["value"]))
            {
                return false;
            }
        }

        return true;
    }
}
