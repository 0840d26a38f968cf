using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Reading;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>Builds the prediction region that shows a finding in Label Studio: the flagged region as drawn, carrying the
/// suggested label (or the given one when there is no suggestion), the score, and the reason as region text.</summary>
internal static class PredictionRegions
{
    public const string ModelVersion = "labelbridge-qa";

    /// <summary>The region for <paramref name="finding"/>, or null when its region is no longer in <paramref name="current"/>.</summary>
    public static JsonObject? For(Finding finding, LsAnnotation? current)
    {
        var label = finding.SuggestedLabel ?? finding.GivenLabel;
        var key = ParseKey(finding.AnnotationKey);
        if (key is null || current?.Result is null)
        {
            return null;
        }

        if (key.Value.Choice is { } choiceControl)
        {
            var chosen = current.Result.FirstOrDefault(r => r.Type == "choices" && r.FromName == choiceControl);
            return chosen is null ? null : new JsonObject
            {
                ["id"] = finding.Key,
                ["from_name"] = chosen.FromName,
                ["to_name"] = chosen.ToName,
                ["type"] = "choices",
                ["origin"] = "prediction",
                ["value"] = new JsonObject { ["choices"] = new JsonArray(label) },
                ["score"] = Math.Round(finding.Score, 4),
            };
        }

        var original = current.Result.FirstOrDefault(r => r.Id == key.Value.RegionId && r.Type != "relation");
        if (original?.Value is null || original.Type is null)
        {
            return null;
        }

        var value = original.Value.DeepClone().AsObject();
        value[original.Type] = new JsonArray(label);
        var region = new JsonObject
        {
            ["id"] = finding.Key,
            ["from_name"] = original.FromName,
            ["to_name"] = original.ToName,
            ["type"] = original.Type,
            ["origin"] = "prediction",
            ["value"] = value,
            ["score"] = Math.Round(finding.Score, 4),
            ["meta"] = new JsonObject { ["text"] = new JsonArray(finding.Reason) },
        };
        if (original.OriginalWidth is { } width && original.OriginalHeight is { } height)
        {
            region["original_width"] = width;
            region["original_height"] = height;
            region["image_rotation"] = 0;
        }

        return region;
    }

    /// <summary>True for the region of a reviewer's "needs review" flag, which only a dismissal withdraws.</summary>
    public static bool IsReviewerFlag(string findingKey) => FindingKeys.KindOf(findingKey) == FindingKind.ReviewerFlag;

    /// <summary>The finding keys a LabelBridge prediction carries (its region ids).</summary>
    public static HashSet<string> FindingKeysOf(LsPrediction prediction) =>
        prediction.Result?.OfType<JsonObject>()
            .Select(r => r["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal) ?? [];

    private static (string? RegionId, string? Choice)? ParseKey(string annotationKey)
    {
        var taskId = TaskReader.TaskIdOf(annotationKey);
        if (taskId is null)
        {
            return null;
        }

        var rest = annotationKey[$"ls:task/{taskId}/".Length..];
        if (rest.StartsWith("region/", StringComparison.Ordinal))
        {
            return (rest["region/".Length..], null);
        }

        if (rest.StartsWith("choice/", StringComparison.Ordinal))
        {
            var parts = rest["choice/".Length..].Split('/', 2);
            return (null, parts[0]);
        }

        return null;
    }

    /// <summary>The prediction's score: its most confident region's.</summary>
    public static double MaxScore(JsonArray regions) =>
        regions.OfType<JsonObject>().Select(r => r["score"] is JsonValue v && v.TryGetValue<double>(out var s) ? s : 0).DefaultIfEmpty(0).Max();
}
