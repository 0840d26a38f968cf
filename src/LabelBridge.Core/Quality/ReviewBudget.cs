namespace LabelBridge.Core.Quality;

/// <summary>Optional caps on how many findings one job and one annotator get in a sweep.</summary>
/// <remarks>Findings are taken worst first; one over a cap is left out and the next worst is considered, so a single
/// noisy job cannot take the whole per-sweep cap while other jobs get nothing.</remarks>
/// <param name="MaxPerJob">At most this many findings per job; null = no cap.</param>
/// <param name="MaxPerAnnotator">At most this many findings per annotator; null = no cap.</param>
/// <param name="Units">The job and annotator of each annotation key; a key not in it counts as unknown.</param>
public sealed record ReviewBudget(int? MaxPerJob, int? MaxPerAnnotator, IReadOnlyDictionary<string, WorkUnit> Units)
{
    public bool IsUnlimited => MaxPerJob is null && MaxPerAnnotator is null;

    public WorkUnit UnitOf(string annotationKey) => Units.GetValueOrDefault(annotationKey) ?? new WorkUnit(WorkUnits.Unknown, WorkUnits.Unknown);
}
