using System.Text.Json.Nodes;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary>What Label Studio refuses in a saved tab's filters before storing it.</summary>
/// <remarks>label_studio/data_manager/serializers.py FilterSerializer.validate: an <c>in_list</c> / <c>not_in_list</c> value
/// must be a JSON array of at most settings DATA_MANAGER_LIST_FILTER_MAX_VALUES (5,000 by default) strings or numbers;
/// otherwise ViewSerializer answers 400 with the error under <c>filter_group.filters[i].value</c> (DRF's nested list errors:
/// an empty object for each valid filter).</remarks>
internal static class ViewFilterCheck
{
    public static JsonObject? Refusal(JsonObject? data, int maxListValues)
    {
        if (data?["filters"]?["items"] is not JsonArray items)
        {
            return null;
        }

        var errors = new JsonArray();
        var refused = false;
        foreach (var item in items)
        {
            var error = new JsonObject();
            if ((string?)item?["operator"] is "in_list" or "not_in_list")
            {
                if (item!["value"] is not JsonArray values)
                {
                    error["value"] = new JsonArray("`in_list` / `not_in_list` require a JSON array.");
                }
                else if (values.Count > maxListValues)
                {
                    error["value"] = new JsonArray($"List exceeds maximum size of {maxListValues}.");
                }
            }

            refused |= error.Count > 0;
            errors.Add(error);
        }

        return refused ? new JsonObject { ["filter_group"] = new JsonObject { ["filters"] = errors } } : null;
    }
}
