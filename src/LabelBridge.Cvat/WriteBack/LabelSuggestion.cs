using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>CVAT has no suggestion object, so a confirmed suggestion is a comment on the finding's issue: the annotator
/// reads it where they fix the box, and the label itself stays theirs to change.</summary>
internal sealed class LabelSuggestion(CvatConnection connection)
{
    public static string Comment(Finding finding) =>
        $"Confirmed on the LabelBridge triage page: suggested label {finding.SuggestedLabel}. LabelBridge does not change labels; change it here if you agree.";

    public async Task<ReadProblem?> CommentAsync(Finding finding, MarkerReference marker, CancellationToken cancellationToken)
    {
        if (finding.SuggestedLabel is null)
        {
            return new ReadProblem(finding.Key, "the finding has no suggested label");
        }

        if (!long.TryParse(marker.MarkerId, NumberStyles.None, CultureInfo.InvariantCulture, out var issueId))
        {
            return new ReadProblem(finding.Key, $"marker id '{marker.MarkerId}' is not a CVAT issue id");
        }

        var (_, problem) = await connection.TryGetAsync(
            (api, token) => api.CreateCommentAsync(new CvatCommentCreate(issueId, Comment(finding)), token), $"a comment on issue {issueId}", cancellationToken);
        return problem is null ? null : new ReadProblem(finding.Key, problem);
    }
}
