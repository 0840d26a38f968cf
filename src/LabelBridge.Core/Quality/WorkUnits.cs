using System.Globalization;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Quality;

/// <summary>Who made an annotation and in which unit of work: the CVAT job (and its assignee, or the shape's
/// non-manual source), the Label Studio task (and the annotation's <c>completed_by</c>).</summary>
/// <param name="Job">e.g. <c>job 12</c> (CVAT) or <c>task 40</c> (Label Studio).</param>
/// <param name="Annotator">e.g. <c>alice</c>, <c>user 3</c>, <c>(auto)</c>; <see cref="WorkUnits.Unknown"/> when the platform did not say.</param>
public sealed record WorkUnit(string Job, string Annotator);

/// <summary>Maps a snapshot's annotations to their <see cref="WorkUnit"/>.</summary>
/// <remarks>Snapshots stored before annotators were read carry none; their annotations count as <see cref="Unknown"/>
/// rather than being left out, so the totals still add up.</remarks>
public static class WorkUnits
{
    public const string Unknown = "(unknown)";

    public static IReadOnlyDictionary<string, WorkUnit> Of(IReadOnlyList<Item> items, IReadOnlyList<Annotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(annotations);
        var locations = new Dictionary<string, ItemLocation>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            locations.TryAdd(item.Key, item.Location);
        }

        var units = new Dictionary<string, WorkUnit>(StringComparer.Ordinal);
        foreach (var annotation in annotations)
        {
            var location = locations.GetValueOrDefault(annotation.ItemKey);
            var job = location is null ? Unknown
                : location.JobId is { } jobId ? string.Create(CultureInfo.InvariantCulture, $"job {jobId}")
                : string.Create(CultureInfo.InvariantCulture, $"task {location.TaskId}");
            units.TryAdd(annotation.Key, new WorkUnit(job, string.IsNullOrEmpty(annotation.Origin.Annotator) ? Unknown : annotation.Origin.Annotator));
        }

        return units;
    }
}
