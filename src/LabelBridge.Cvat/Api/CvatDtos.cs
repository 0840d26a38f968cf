namespace LabelBridge.Cvat.Api;

// CVAT's REST shapes (schema.yml components), read with a snake_case naming policy. Only the fields LabelBridge uses.

internal sealed record CvatPage<T>(int Count, string? Next, string? Previous, IReadOnlyList<T>? Results);

/// <summary>The project a job belongs to (JobRead carries <c>project_id</c>, null for a task outside any project).</summary>
internal sealed record CvatJobProject(long Id, long? ProjectId);

internal sealed record CvatAbout(string? Name, string? Version);

internal sealed record CvatUser(long Id, string? Username);

internal sealed record CvatAccessToken(long Id, string? Name, bool ReadOnly, DateTimeOffset? ExpiryDate, CvatUser? Owner);

internal sealed record CvatProject(long Id, string? Name);

internal sealed record CvatLabel(long Id, string? Name, string? Type, long? ParentId);

internal sealed record CvatTask(long Id, string? Name, long? ProjectId, int Size);

internal sealed record CvatJob(long Id, long TaskId, int StartFrame, int StopFrame, string? Stage, string? State, string? Type, CvatUser? Assignee = null);

internal sealed record CvatAnnotations(long Version, IReadOnlyList<CvatTag>? Tags, IReadOnlyList<CvatShape>? Shapes, IReadOnlyList<CvatTrack>? Tracks);

internal sealed record CvatTag(long? Id, int Frame, long LabelId, string? Source = null);

internal sealed record CvatShape(
    long? Id,
    string? Type,
    int Frame,
    long LabelId,
    IReadOnlyList<double>? Points,
    double Rotation,
    bool Occluded,
    bool Outside,
    IReadOnlyList<CvatShape>? Elements,
    string? Source = null);

internal sealed record CvatTrack(long? Id, int Frame, long LabelId, IReadOnlyList<CvatTrackedShape>? Shapes, IReadOnlyList<CvatTrack>? Elements, string? Source = null);

internal sealed record CvatTrackedShape(string? Type, int Frame, IReadOnlyList<double>? Points, double Rotation, bool Occluded, bool Outside);

/// <summary>DataMetaRead. <c>start_frame</c>/<c>stop_frame</c> are data (file or video frame) numbers; <c>frames[]</c> has one
/// entry per task-relative frame; <c>deleted_frames</c> (and <c>included_frames</c>) are task-relative frame numbers.</summary>
internal sealed record CvatDataMeta(
    int? Size,
    int StartFrame,
    int StopFrame,
    string? FrameFilter,
    IReadOnlyList<CvatFrameMeta>? Frames,
    IReadOnlyList<int>? DeletedFrames,
    IReadOnlyList<int>? IncludedFrames,
    string? ChunksUpdatedDate = null);

internal sealed record CvatFrameMeta(int Width, int Height, string? Name);

internal sealed record CvatIssue(long Id, int Frame, IReadOnlyList<double>? Position, long Job, bool Resolved);

internal sealed record CvatComment(long Id, long Issue, string? Message);

internal sealed record CvatIssueCreate(int Frame, IReadOnlyList<double> Position, long Job, string Message);

internal sealed record CvatIssueResolve(bool Resolved);

internal sealed record CvatCommentCreate(long Issue, string Message);

internal sealed record CvatJobStagePatch(string Stage, string State);

internal sealed record CvatProjectLabelsPatch(IReadOnlyList<CvatNewLabel> Labels);

internal sealed record CvatNewLabel(string Name, string Type);

internal sealed record CvatTagsCreate(IReadOnlyList<CvatNewTag> Tags);

internal sealed record CvatNewTag(int Frame, long LabelId, string Source);
