using System.Text.Json.Serialization;

namespace LabelBridge.Core.Review;

/// <summary>What became of a reviewer's relabel of one finding's annotation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RelabelOutcome>))]
public enum RelabelOutcome
{
    /// <summary>The label is changed on the platform, the finding confirmed and its marker resolved.</summary>
    [JsonStringEnumMemberName("relabelled")]
    Relabelled,

    /// <summary>Nothing was changed: the project does not set <c>AllowReviewerRelabel</c> (or is no longer configured).</summary>
    [JsonStringEnumMemberName("disabled")]
    Disabled,

    /// <summary>Nothing was changed: the project is dry-run, so LabelBridge writes nothing to its platform.</summary>
    [JsonStringEnumMemberName("dry-run")]
    DryRun,

    /// <summary>Nothing was changed: the label is not one of the project's or is the current one, the reviewer gave no
    /// name, or the platform cannot make this change (a skeleton...).</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>Nothing was changed: the annotation on the platform is no longer the one the sweep read.</summary>
    [JsonStringEnumMemberName("annotation-changed")]
    AnnotationChanged,

    /// <summary>The key is not a finding of the sweep.</summary>
    [JsonStringEnumMemberName("not-found")]
    NotFound,

    /// <summary>The platform could not be reached; sending it again retries.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What happened to one relabel request.</summary>
/// <param name="FindingKey">The key as sent.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Message">A sentence for the reviewer naming the reason.</param>
/// <param name="OldLabel">The annotation's label in the sweep.</param>
/// <param name="NewLabel">The label asked for.</param>
public sealed record RelabelResult(string FindingKey, RelabelOutcome Outcome, string Message, string? OldLabel, string? NewLabel);
