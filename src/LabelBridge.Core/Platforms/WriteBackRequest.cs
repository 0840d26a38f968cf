using LabelBridge.Core.Findings;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>The findings of one sweep to be put where the team works.</summary>
/// <param name="Snapshot">The snapshot the findings were computed on (items and annotations for positions).</param>
/// <param name="Findings">The findings to mark, already thresholded, capped and with dismissed ones removed.</param>
/// <param name="Mode">Markers only, or markers plus relabel work. Never called for <see cref="WriteBackMode.DryRun"/>.</param>
/// <param name="NeedsReviewTag">Also put a <c>needs-review</c> tag on the flagged frame (CVAT).</param>
/// <param name="AllowCreateTagLabel">The admin allowed creating the <c>needs-review</c> label in the project if it is missing.</param>
/// <param name="TriageLink">Builds the link to a finding on the triage page, when the page is configured.</param>
/// <param name="Additive">Add these markers to the ones already there and withdraw nothing (triage page actions on a few
/// annotations). A sweep's write-back is not additive: it carries all current findings, and markers of findings no longer
/// flagged are withdrawn.</param>
public sealed record WriteBackRequest(
    ProjectSnapshot Snapshot,
    IReadOnlyList<Finding> Findings,
    WriteBackMode Mode,
    bool NeedsReviewTag = false,
    bool AllowCreateTagLabel = false,
    Func<Finding, Uri?>? TriageLink = null,
    bool Additive = false);
