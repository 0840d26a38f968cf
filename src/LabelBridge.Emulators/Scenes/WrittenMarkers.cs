using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Scenes;

/// <summary>Reads back what a sweep wrote into the CVAT emulator.</summary>
public static class WrittenMarkers
{
    /// <summary>One entry per issue whose opening comment <paramref name="parse"/> recognises as a marker.</summary>
    /// <param name="model">The emulator's state after the sweep.</param>
    /// <param name="parse">The issue's first message to a marker, or null when it is not one of ours.</param>
    public static IReadOnlyList<WrittenMarker> FromCvat(CvatModel model, Func<string, WrittenMarker?> parse)
    {
        lock (model.Gate)
        {
            var opening = model.Comments.GroupBy(c => c.IssueId).ToDictionary(g => g.Key, g => g.MinBy(c => c.Id)!.Message);
            return [.. model.Issues
                .Select(issue => opening.TryGetValue(issue.Id, out var message) ? parse(message) : null)
                .OfType<WrittenMarker>()];
        }
    }
}
