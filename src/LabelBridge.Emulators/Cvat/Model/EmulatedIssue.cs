namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>A CVAT issue: a review remark at a position on a frame of a job. Its text lives in its comments.</summary>
public sealed class EmulatedIssue(long id, long jobId, int frame, IReadOnlyList<double> position)
{
    public long Id { get; } = id;

    public long JobId { get; } = jobId;

    public int Frame { get; } = frame;

    public IReadOnlyList<double> Position { get; set; } = position;

    public bool Resolved { get; set; }

    public DateTimeOffset CreatedDate { get; init; }
}

/// <summary>A comment on an issue; the first one carries the message the issue was created with.</summary>
public sealed record EmulatedComment(long Id, long IssueId, string Message, DateTimeOffset CreatedDate);
