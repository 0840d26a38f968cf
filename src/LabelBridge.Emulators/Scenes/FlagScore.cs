namespace LabelBridge.Emulators.Scenes;

/// <summary>A review marker found in a platform after a sweep.</summary>
/// <param name="AnnotationKey">The annotation its finding key belongs to, or null when the key is not known.</param>
/// <param name="FindingKind">The kind of finding it was written for (e.g. <c>Mislabel</c>).</param>
public sealed record WrittenMarker(string? AnnotationKey, string FindingKind);

/// <summary>Planted errors of one kind and how many carry at least one marker.</summary>
public sealed record PlantedKindScore(string Kind, int Planted, int Flagged);

/// <summary>Markers of one finding kind and how many sit on a box with a planted error.</summary>
public sealed record MarkerKindScore(string Kind, int Markers, int OnPlanted);

/// <summary>What a sweep wrote, judged against the errors planted in the project.</summary>
/// <param name="Markers">Markers written.</param>
/// <param name="UnknownMarkers">Markers whose finding key maps to no annotation (counted as false flags).</param>
/// <param name="BoxesFlagged">Distinct annotations with at least one marker.</param>
/// <param name="BoxesFlaggedPlanted">Of those, how many carry a planted error.</param>
/// <param name="Planted">Planted errors.</param>
/// <param name="BoxesWithSeveralMarkers">Annotations with more than one marker.</param>
/// <param name="MarkersOnPlanted">Markers that sit on a box with a planted error.</param>
/// <param name="PlantedKinds">Recall per planted kind.</param>
/// <param name="MarkerKinds">Precision per finding kind.</param>
public sealed record FlagScore(
    int Markers,
    int UnknownMarkers,
    int BoxesFlagged,
    int BoxesFlaggedPlanted,
    int Planted,
    int BoxesWithSeveralMarkers,
    int MarkersOnPlanted,
    IReadOnlyList<PlantedKindScore> PlantedKinds,
    IReadOnlyList<MarkerKindScore> MarkerKinds)
{
    /// <summary>Flagged boxes that carry a planted error, over flagged boxes (what a reviewer opening a box gets); 0 when nothing is flagged.</summary>
    public double Precision => (BoxesFlagged + UnknownMarkers) == 0 ? 0 : (double)BoxesFlaggedPlanted / (BoxesFlagged + UnknownMarkers);

    /// <summary>Planted errors with at least one marker, over planted errors; 0 when nothing was planted.</summary>
    public double Recall => Planted == 0 ? 0 : (double)BoxesFlaggedPlanted / Planted;

    /// <summary>Markers on planted errors over markers written (lower than <see cref="Precision"/> when boxes get several).</summary>
    public double MarkerPrecision => Markers == 0 ? 0 : (double)MarkersOnPlanted / Markers;

    public static FlagScore Compute(IReadOnlyList<WrittenMarker> markers, IReadOnlyList<PlantedError> planted)
    {
        var plantedKeys = planted.Select(p => p.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        var perBox = markers.Where(m => m.AnnotationKey is not null)
            .GroupBy(m => m.AnnotationKey!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var plantedKinds = planted.GroupBy(p => p.Kind, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PlantedKindScore(g.Key, g.Count(), g.Count(p => perBox.ContainsKey(p.AnnotationKey))))
            .ToList();
        var markerKinds = markers.GroupBy(m => m.FindingKind, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MarkerKindScore(g.Key, g.Count(), g.Count(m => m.AnnotationKey is { } key && plantedKeys.Contains(key))))
            .ToList();
        return new FlagScore(
            markers.Count,
            markers.Count(m => m.AnnotationKey is null),
            perBox.Count,
            perBox.Keys.Count(plantedKeys.Contains),
            planted.Count,
            perBox.Values.Count(c => c > 1),
            markers.Count(m => m.AnnotationKey is { } key && plantedKeys.Contains(key)),
            plantedKinds,
            markerKinds);
    }
}
