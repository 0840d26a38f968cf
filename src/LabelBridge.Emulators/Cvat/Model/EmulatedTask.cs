namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>A CVAT task: frames (images) split into jobs by frame range.</summary>
public sealed class EmulatedTask(long id, long projectId, string name)
{
    public long Id { get; } = id;

    public long ProjectId { get; } = projectId;

    public string Name { get; set; } = name;

    public int SegmentSize { get; set; }

    public List<EmulatedFrame> Frames { get; } = [];

    /// <summary>The frame_filter step: CVAT keeps every step-th uploaded file (or video frame) and numbers the kept
    /// ones densely, so <see cref="Frames"/> holds the kept frames and annotations use their dense numbers.</summary>
    public int FrameStep { get; set; } = 1;

    /// <summary>data.start_frame: the data number (file or video frame) of relative frame 0.</summary>
    public int DataStartFrame { get; set; }

    /// <summary>The video's file name when the task was made from one video; data meta then lists one frame entry.</summary>
    public string? VideoName { get; set; }

    /// <summary>data.chunks_updated_date: set when the task's media is (re)written, so it versions the content.</summary>
    public string ChunksUpdatedDate { get; set; } = "2026-01-05T09:00:00.000000Z";

    /// <summary>Task-relative frame numbers marked deleted in CVAT's data meta.</summary>
    public SortedSet<int> DeletedFrames { get; } = [];

    public List<EmulatedJob> Jobs { get; } = [];
}

/// <summary>One frame: its file name, size and, optionally, exact bytes to serve (otherwise a PNG is generated).</summary>
public sealed record EmulatedFrame(string Name, int Width, int Height, byte[]? Image = null);
