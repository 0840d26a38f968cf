using System.Text.Json.Nodes;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>The saved Data Manager tab listing the flagged tasks.</summary>
/// <remarks>In the open-source edition task meta is not a Data Manager column, so the tab filters on task ids
/// (<c>filter:tasks:id</c>, <c>in_list</c>), rewritten on every sweep when the flagged tasks change.</remarks>
internal static class ReviewView
{
    public const string Title = "LabelBridge: needs review";

    /// <summary>Most ids in one <c>in_list</c> filter. Label Studio refuses a longer list with 400 (data_manager/serializers.py
    /// FilterSerializer.validate, settings DATA_MANAGER_LIST_FILTER_MAX_VALUES, 5,000 unless the admin raised it).</summary>
    public const int MaxIdsPerFilter = 5000;

    /// <summary>The tab's data: the flagged task ids in <c>in_list</c> filters of at most <see cref="MaxIdsPerFilter"/>
    /// ids each, joined with "or" (one empty filter when nothing is flagged, so the tab shows no task).</summary>
    public static JsonObject Data(IReadOnlyCollection<long> taskIds)
    {
        var ordered = taskIds.Distinct().Order().ToArray();
        long[][] chunks = ordered.Length == 0 ? [[]] : ordered.Chunk(MaxIdsPerFilter).ToArray();
        return new JsonObject
        {
            ["title"] = Title,
            ["filters"] = new JsonObject
            {
                ["conjunction"] = "or",
                ["items"] = new JsonArray(chunks.Select(chunk => (JsonNode)new JsonObject
                {
                    ["filter"] = "filter:tasks:id",
                    ["operator"] = "in_list",
                    ["type"] = "Number",
                    ["value"] = new JsonArray(chunk.Select(id => (JsonNode)id).ToArray()),
                }).ToArray()),
            },
        };
    }

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
