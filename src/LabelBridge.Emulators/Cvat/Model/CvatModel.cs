namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>The emulator's in-memory CVAT server state. Tests and the demo seed it directly; the HTTP endpoints
/// read and change it under one lock, so a test sees exactly what the connector wrote.</summary>
public sealed class CvatModel
{
    private long nextId = 1;

    internal object Gate { get; } = new();

    public List<EmulatedProject> Projects { get; } = [];

    public List<EmulatedTask> Tasks { get; } = [];

    public List<EmulatedIssue> Issues { get; } = [];

    public List<EmulatedComment> Comments { get; } = [];

    /// <summary>A fresh id, unique across every kind of object (CVAT's are per table; unique is stricter and fine).</summary>
    public long NextId()
    {
        lock (Gate)
        {
            return nextId++;
        }
    }

    public EmulatedProject AddProject(string name, string? organization = null)
    {
        var project = new EmulatedProject(NextId(), name) { Organization = organization };
        lock (Gate)
        {
            Projects.Add(project);
        }

        return project;
    }

    /// <summary>Adds a task with generated frames and splits it into jobs of <paramref name="segmentSize"/> frames.</summary>
    public EmulatedTask AddTask(EmulatedProject project, string name, IReadOnlyList<EmulatedFrame> frames, int segmentSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        var task = new EmulatedTask(NextId(), project.Id, name) { SegmentSize = segmentSize };
        task.Frames.AddRange(frames);
        for (var start = 0; start < frames.Count; start += segmentSize)
        {
            task.Jobs.Add(new EmulatedJob(NextId(), task.Id, start, Math.Min(start + segmentSize, frames.Count) - 1));
        }

        lock (Gate)
        {
            Tasks.Add(task);
        }

        return task;
    }

    public EmulatedProject? FindProject(long id) => Projects.Find(p => p.Id == id);

    public EmulatedTask? FindTask(long id) => Tasks.Find(t => t.Id == id);

    public EmulatedJob? FindJob(long id) => Tasks.SelectMany(t => t.Jobs).FirstOrDefault(j => j.Id == id);

    public EmulatedTask TaskOf(EmulatedJob job) => FindTask(job.TaskId) ?? throw new InvalidOperationException($"Job {job.Id} has no task.");

    public EmulatedProject ProjectOf(EmulatedTask task) =>
        FindProject(task.ProjectId) ?? throw new InvalidOperationException($"Task {task.Id} has no project.");

    /// <summary>The first comment of an issue: the message it was created with.</summary>
    public string? FirstMessage(long issueId)
    {
        lock (Gate)
        {
            return Comments.Where(c => c.IssueId == issueId).OrderBy(c => c.Id).FirstOrDefault()?.Message;
        }
    }
}
