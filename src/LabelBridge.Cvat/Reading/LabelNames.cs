using System.Globalization;
using LabelBridge.Cvat.Api;

namespace LabelBridge.Cvat.Reading;

/// <summary>The project's label names by id, as far as they can be trusted: one name per id, of a bounded length.</summary>
/// <remarks>A label name travels into every annotation, report line and stored row, so a 1 MB name multiplied by the
/// annotations once gave a 60 MB report; a repeated id made the read throw. Both are named problems instead.</remarks>
internal static class LabelNames
{
    /// <summary>Longer than any label a person types; CVAT's own limit is 64 characters (schema.yml, label name maxLength).</summary>
    public const int MaxLength = 256;

    public static Dictionary<long, string> Read(IEnumerable<CvatLabel> labels, SnapshotParts parts)
    {
        var names = new Dictionary<long, string>();
        foreach (var label in labels)
        {
            if (label.Name is null)
            {
                continue;
            }

            var subject = string.Create(CultureInfo.InvariantCulture, $"cvat:label/{label.Id}");
            if (names.TryGetValue(label.Id, out var first))
            {
                parts.Problem(subject, $"label id {label.Id} is listed more than once; its first name '{first}' was kept");
                continue;
            }

            var name = label.Name;
            if (name.Length > MaxLength)
            {
                name = name[..MaxLength];
                parts.Problem(subject, string.Create(
                    CultureInfo.InvariantCulture,
                    $"the name of label id {label.Id} has {label.Name.Length} characters; it was cut to its first {MaxLength}"));
            }

            names.Add(label.Id, name);
        }

        return names;
    }
}
