using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>The <c>labelbridge</c> entry in a task's meta: the findings on the task, for people and scripts reading the task,
/// and the findings LabelBridge itself withdrew from its prediction, so their absence is not read back as a dismissal.</summary>
/// <remarks>Only this key is ever written; every other meta key is kept as it was.</remarks>
internal static class TaskMeta
{
    public const string Key = "labelbridge";

    /// <param name="findings">The findings written now.</param>
    /// <param name="withdrawn">Finding keys LabelBridge withdrew on the task.</param>
    /// <param name="writtenAt">When.</param>
    /// <param name="kept">Entries of findings written earlier whose regions stay (reviewer flags, additive writes).</param>
    public static JsonObject Entry(IEnumerable<Finding> findings, IEnumerable<string> withdrawn, DateTimeOffset writtenAt, IEnumerable<JsonObject>? kept = null) => new()
    {
        ["findings"] = new JsonArray(findings.Select(f => (JsonNode)new JsonObject
        {
            ["key"] = f.Key,
            ["kind"] = f.Kind.ToString(),
            ["score"] = Math.Round(f.Score, 4),
            ["annotation"] = f.AnnotationKey,
            ["label"] = f.GivenLabel,
            ["suggested"] = f.SuggestedLabel,
            ["reason"] = f.Reason,
        }).Concat((kept ?? []).Select(e => e.DeepClone())).ToArray()),
        ["withdrawn"] = new JsonArray(withdrawn.Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()),
        ["written_at"] = writtenAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The finding entries LabelBridge wrote on this task.</summary>
    public static IEnumerable<JsonObject> FindingEntries(JsonObject? meta) =>
        (meta?[Key]?["findings"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>Finding keys LabelBridge withdrew on this task.</summary>
    public static HashSet<string> Withdrawn(JsonObject? meta) =>
        (meta?[Key]?["withdrawn"] as JsonArray)?.Select(k => (string?)k).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>The meta with <paramref name="entry"/> under <see cref="Key"/> (removed when null), or null when nothing changes.</summary>
    public static JsonObject? Merge(JsonObject? current, JsonObject? entry)
    {
        var existing = current?[Key] as JsonObject;
        var unchanged = entry is null
            ? existing is null
            : existing is not null
                && JsonNode.DeepEquals(existing["findings"], entry["findings"])
                && JsonNode.DeepEquals(existing["withdrawn"], entry["withdrawn"]);
        if (unchanged)
        {
            return null;
        }

        var merged = current?.DeepClone().AsObject() ?? [];
        if (entry is null)
        {
            merged.Remove(Key);
        }
        else
        {
            merged[Key] = entry;
        }

        return merged;
    }

    /// <summary>The entry without the finding <paramref name="findingKey"/>.</summary>
    public static JsonObject Without(JsonObject entry, string findingKey)
    {
        var copy = entry.DeepClone().AsObject();
        if (copy["findings"] is JsonArray findings)
        {
            foreach (var f in findings.OfType<JsonObject>().Where(f => (string?)f["key"] == findingKey).ToList())
            {
                findings.Remove(f);
            }
        }

        return copy;
    }
}
