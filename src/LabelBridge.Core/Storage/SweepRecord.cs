namespace LabelBridge.Core.Storage;

/// <summary>One sweep of one project, with its last completed stage.</summary>
/// <param name="Id">Store-assigned id.</param>
/// <param name="Project">Configured project name.</param>
/// <param name="Trigger">What started it: <c>schedule</c>, <c>manual</c>, <c>webhook</c>, <c>demo</c>.</param>
/// <param name="Stage">The last stage whose checkpoint was written.</param>
/// <param name="Status">Running until it succeeds, fails, or pauses (platform down).</param>
/// <param name="StartedAt">When it was created.</param>
/// <param name="FinishedAt">When it ended, if it has.</param>
/// <param name="Error">Why it failed or paused, for the admin (no secrets).</param>
public sealed record SweepRecord(
    long Id,
    string Project,
    string Trigger,
    SweepStage Stage,
    SweepStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
