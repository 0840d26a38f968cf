using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

/// <summary>CVAT's read serialisers (ProjectRead, TaskRead, JobRead, Label, IssueRead, CommentRead), field for field.</summary>
internal static class Render
{
    private static readonly object Owner = new { Id = 1, Username = "admin1", FirstName = "Admin", LastName = "First" };

    public static object Project(CvatApiContext api, HttpContext context, EmulatedProject project) => new
    {
        Id = project.Id,
        Name = project.Name,
        Url = CvatApiContext.Url(context, $"/api/projects/{project.Id}"),
        Owner,
        Assignee = (object?)null,
        BugTracker = "",
        CreatedDate = api.Now(),
        UpdatedDate = api.Now(),
        Status = "annotation",
        Dimension = "2d",
        Organization = (long?)null,
        Labels = new { Url = CvatApiContext.Url(context, $"/api/labels?project_id={project.Id}") },
        Tasks = new { Count = api.Model.Tasks.Count(t => t.ProjectId == project.Id), Url = CvatApiContext.Url(context, $"/api/tasks?project_id={project.Id}") },
        TaskSubsets = Array.Empty<string>(),
    };

    public static object Task(CvatApiContext api, HttpContext context, EmulatedTask task) => new
    {
        Id = task.Id,
        Name = task.Name,
        ProjectId = task.ProjectId,
        Mode = "annotation",
        Owner,
        Assignee = (object?)null,
        BugTracker = "",
        CreatedDate = api.Now(),
        UpdatedDate = api.Now(),
        Overlap = 0,
        SegmentSize = task.SegmentSize,
        Status = "annotation",
        DataChunkSize = 72,
        DataCompressedChunkType = "imageset",
        DataOriginalChunkType = "imageset",
        Size = task.Frames.Count,
        ImageQuality = 70,
        Dimension = "2d",
        Subset = "",
        Organization = (long?)null,
        Url = CvatApiContext.Url(context, $"/api/tasks/{task.Id}"),
        Jobs = new { Count = task.Jobs.Count, Completed = 0, Validation = 0, Url = CvatApiContext.Url(context, $"/api/jobs?task_id={task.Id}") },
        Labels = new { Url = CvatApiContext.Url(context, $"/api/labels?task_id={task.Id}") },
    };

    public static object Job(CvatApiContext api, HttpContext context, EmulatedJob job) => new
    {
        Id = job.Id,
        Url = CvatApiContext.Url(context, $"/api/jobs/{job.Id}"),
        TaskId = job.TaskId,
        ProjectId = api.Model.TaskOf(job).ProjectId,
        // cvat/apps/engine/serializers.py JobReadSerializer: assignee = BasicUserSerializer(allow_null=True).
        Assignee = job.Assignee is null ? null : new
        {
            Id = 1000L + job.Assignee.Sum(c => (long)c),
            Url = CvatApiContext.Url(context, "/api/users/1"),
            Username = job.Assignee,
            FirstName = "",
            LastName = "",
        },
        Dimension = "2d",
        BugTracker = "",
        Status = job.Stage,
        Stage = job.Stage,
        State = job.State,
        Mode = "annotation",
        FrameCount = job.StopFrame - job.StartFrame + 1,
        StartFrame = job.StartFrame,
        StopFrame = job.StopFrame,
        DataChunkSize = 72,
        DataCompressedChunkType = "imageset",
        DataOriginalChunkType = "imageset",
        CreatedDate = api.Now(),
        UpdatedDate = api.Now(),
        Type = job.Type,
        Organization = (long?)null,
        ParentJobId = (long?)null,
        ConsensusReplicas = 0,
        Issues = new { Count = api.Model.Issues.Count(i => i.JobId == job.Id), Url = CvatApiContext.Url(context, $"/api/issues?job_id={job.Id}") },
        Labels = new { Url = CvatApiContext.Url(context, $"/api/labels?job_id={job.Id}") },
    };

    public static object Label(EmulatedLabel label, long projectId) => new
    {
        Id = label.Id,
        Name = label.Name,
        Color = "#2080c0",
        Attributes = Array.Empty<object>(),
        Type = label.Type,
        Svg = "",
        Sublabels = Array.Empty<object>(),
        ProjectId = projectId,
        TaskId = (long?)null,
        ParentId = label.ParentId,
        HasParent = label.ParentId is not null,
    };

    public static object Issue(CvatApiContext api, HttpContext context, EmulatedIssue issue) => new
    {
        Id = issue.Id,
        Frame = issue.Frame,
        Position = issue.Position,
        Job = issue.JobId,
        Owner,
        Assignee = (object?)null,
        CreatedDate = api.Now(),
        UpdatedDate = api.Now(),
        Resolved = issue.Resolved,
        Comments = new { Count = api.Model.Comments.Count(c => c.IssueId == issue.Id), Url = CvatApiContext.Url(context, $"/api/comments?issue_id={issue.Id}") },
    };

    public static object Comment(CvatApiContext api, EmulatedComment comment) => new
    {
        Id = comment.Id,
        Issue = comment.IssueId,
        Owner,
        Message = comment.Message,
        CreatedDate = api.Now(),
        UpdatedDate = api.Now(),
    };
}
