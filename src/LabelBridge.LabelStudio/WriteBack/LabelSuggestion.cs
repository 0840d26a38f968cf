using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>A reviewer's "suggest this label" as Label Studio shows it: the finding's region, with its suggested label,
/// in the task's LabelBridge prediction.</summary>
internal sealed class LabelSuggestion(MarkerWriter writer)
{
    /// <summary>Puts the finding's region with its suggested label into the task's LabelBridge prediction (it is usually
    /// there already, from the sweep's write-back), keeping every other region.</summary>
    public async Task<ReadProblem?> SuggestAsync(ProjectSnapshot snapshot, Finding finding, CancellationToken cancellationToken)
    {
        if (finding.SuggestedLabel is null)
        {
            return new ReadProblem(finding.Key, "the finding has no suggested label");
        }

        var result = await writer.WriteAsync(new WriteBackRequest(snapshot, [finding], WriteBackMode.Markers, Additive: true), cancellationToken);
        return (result.Problems.Count > 0 ? result.Problems[0] : null)
            ?? (result.Markers.Count == 0 ? new ReadProblem(finding.Key, $"annotation {finding.AnnotationKey} is not in a Label Studio task") : null);
    }
}
