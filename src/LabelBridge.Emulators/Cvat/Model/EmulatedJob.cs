namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>A CVAT job: a frame range of a task, with its own annotations (CVAT stores annotations per job).</summary>
public sealed class EmulatedJob(long id, long taskId, int startFrame, int stopFrame)
{
    public long Id { get; } = id;

    public long TaskId { get; } = taskId;

    public int StartFrame { get; } = startFrame;

    public int StopFrame { get; } = stopFrame;

    public string Stage { get; set; } = "annotation";

    public string State { get; set; } = "new";

    /// <summary>annotation, ground_truth or consensus_replica.</summary>
    public string Type { get; set; } = "annotation";

    public long AnnotationVersion { get; set; }

    /// <summary>The assigned user's username (CVAT serves it as a BasicUser: id, url, username, first_name, last_name); null = unassigned.</summary>
    public string? Assignee { get; set; }

    /// <summary>Raw annotation objects as CVAT serialises them, so tests can seed odd or malformed input.</summary>
    public List<System.Text.Json.Nodes.JsonObject> Shapes { get; } = [];

    public List<System.Text.Json.Nodes.JsonObject> Tracks { get; } = [];

    public List<System.Text.Json.Nodes.JsonObject> Tags { get; } = [];
}
