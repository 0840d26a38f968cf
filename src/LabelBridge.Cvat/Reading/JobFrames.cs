using System.Globalization;
using LabelBridge.Cvat.Api;

namespace LabelBridge.Cvat.Reading;

/// <summary>The frames of one job from its data meta: task-relative frame number → size and file name, minus deleted
/// frames.</summary>
/// <remarks>CVAT numbers a task's frames densely 0..size-1 whatever its frame_filter step (frame_provider.py relative
/// frame numbers), and data meta lists one <c>frames[]</c> entry per relative frame of the job from its
/// <c>start_frame</c> (views.py JobViewSet.metadata); the meta's own start_frame/stop_frame are data numbers and are
/// not used. A video lists one entry that holds for every frame. Ground-truth jobs name their frames in
/// <c>included_frames</c>: current CVAT still lists every frame of the range (placeholders for the others), older
/// servers listed only the included ones.</remarks>
internal sealed class JobFrames
{
    private readonly Dictionary<int, CvatFrameMeta> frames = [];
    /// <summary>Task-relative numbers, as data meta's <c>deleted_frames</c> are (views.py JobViewSet.metadata keeps the
    /// deleted frames in the segment's relative frame set, <c>get_rel_frame_number</c>), never data (file) numbers.</summary>
    private readonly HashSet<int> deletedTaskFrames;

    public JobFrames(CvatJob job, CvatDataMeta meta, int taskSize = 0)
    {
        deletedTaskFrames = [.. meta.DeletedFrames ?? []];
        ContentVersion = meta.ChunksUpdatedDate;
        var listed = meta.Frames ?? [];
        var rangeLength = job.StopFrame - job.StartFrame + 1;
        LastFrame = job.StartFrame + Served(meta, listed, rangeLength, job.StartFrame, taskSize) - 1;
        if (LastFrame < job.StopFrame)
        {
            Cut = string.Create(
                CultureInfo.InvariantCulture,
                $"job {job.Id} claims frames {job.StartFrame}-{job.StopFrame}, but its data holds only frames {job.StartFrame}-{LastFrame}; the frames after {LastFrame} were not read");
        }

        if (meta.IncludedFrames is { Count: > 0 } included)
        {
            var numbers = included.Where(f => f >= job.StartFrame && f <= LastFrame).ToList();
            var listsWholeRange = listed.Count == rangeLength;
            for (var i = 0; i < numbers.Count; i++)
            {
                Add(numbers[i], listed, listsWholeRange ? numbers[i] - job.StartFrame : i);
            }

            return;
        }

        for (var frame = job.StartFrame; frame <= LastFrame; frame++)
        {
            Add(frame, listed, frame - job.StartFrame);
        }
    }

    /// <summary>The job's last frame that its data really holds: its claimed stop frame, cut to what data meta lists
    /// and to the task's size, so a job claiming 20,000,000 frames of a 3-frame task is not expanded frame by frame.</summary>
    public int LastFrame { get; }

    /// <summary>What was cut from the job's claimed range, or null when the claim held.</summary>
    public string? Cut { get; }

    /// <summary>CVAT's <c>chunks_updated_date</c> of the job's data: renewed whenever CVAT rewrites the media.</summary>
    public string? ContentVersion { get; }

    /// <summary>Frames that exist and are not deleted, in order.</summary>
    public IEnumerable<int> Live => frames.Keys.Where(f => !deletedTaskFrames.Contains(f)).Order();

    public bool IsDeleted(int frame) => deletedTaskFrames.Contains(frame);

    public CvatFrameMeta? Find(int frame) => deletedTaskFrames.Contains(frame) ? null : frames.GetValueOrDefault(frame);

    /// <summary>How many frames of the job's range the platform actually served. Images list one meta entry per frame;
    /// a video lists one entry for all, so only its size and the task's size bound it.</summary>
    private static int Served(CvatDataMeta meta, IReadOnlyList<CvatFrameMeta> listed, int rangeLength, int startFrame, int taskSize)
    {
        var served = rangeLength;
        if (meta.IncludedFrames is not { Count: > 0 } && listed.Count > 1)
        {
            served = Math.Min(served, listed.Count);
        }

        if (meta.Size is { } size && size > 0)
        {
            served = Math.Min(served, size);
        }

        if (taskSize > 0)
        {
            served = Math.Min(served, taskSize - startFrame);
        }

        return Math.Max(served, 0);
    }

    private void Add(int frame, IReadOnlyList<CvatFrameMeta> listed, int index)
    {
        var meta = listed.Count == 1 ? listed[0] : index < listed.Count ? listed[index] : null;
        if (meta is not null)
        {
            frames[frame] = meta;
        }
    }
}
