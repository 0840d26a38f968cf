using System.Text.Json.Serialization;

namespace LabelBridge.Core.Review;

/// <summary>What became of a reviewer's decision on one finding.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionOutcome>))]
public enum DecisionOutcome
{
    [JsonStringEnumMemberName("dismissed")]
    Dismissed,

    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    /// <summary>The key is not a finding of the sweep.</summary>
    [JsonStringEnumMemberName("not-found")]
    NotFound,

    /// <summary>The decision is saved, but the platform side of it did not happen (the message says why); sending it
    /// again retries.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What became of a reviewer's needs-review flag on one annotation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlagOutcome>))]
public enum FlagOutcome
{
    [JsonStringEnumMemberName("marked")]
    Marked,

    [JsonStringEnumMemberName("already-marked")]
    AlreadyMarked,

    /// <summary>The key is not an annotation of the sweep.</summary>
    [JsonStringEnumMemberName("not-found")]
    NotFound,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What happened to one finding key.</summary>
/// <param name="FindingKey">The key as sent.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Message">A sentence for the reviewer.</param>
public sealed record DecisionResult(string FindingKey, DecisionOutcome Outcome, string Message);

/// <summary>What happened to one selected annotation.</summary>
/// <param name="AnnotationKey">The key as sent.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="MarkerId">The platform's id of the marker (CVAT issue, Label Studio prediction).</param>
/// <param name="Message">A sentence for the reviewer.</param>
public sealed record NeedsReviewResult(string AnnotationKey, FlagOutcome Outcome, string? MarkerId, string Message);
