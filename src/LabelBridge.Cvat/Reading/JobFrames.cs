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
    private readonly HashSet<int> deleted;

    public JobFrames(CvatJob job, CvatDataMeta meta)
    {
        deleted = [.. meta.DeletedFrames ?? []];
        ContentVersion = meta.ChunksUpdatedDate;
        var listed = meta.Frames ?? [];
        var rangeLength = job.StopFrame - job.StartFrame + 1;
        if (meta.IncludedFrames is { Count: > 0 } included)
        {
            var numbers = included.Where(f => f >= job.StartFrame && f <= job.StopFrame).ToList();
            var listsWholeRange = listed.Count == rangeLength;
            for (var i = 0; i < numbers.Count; i++)
            {
                Add(numbers[i], listed, listsWholeRange ? numbers[i] - job.StartFrame : i);
            }

            return;
        }

        for (var frame = job.StartFrame; frame <= job.StopFrame; frame++)
        {
            Add(frame, listed, frame - job.StartFrame);
        }
    }

    /// <summary>CVAT's <c>chunks_updated_date</c> of the job's data: renewed whenever CVAT rewrites the media.</summary>
    public string? ContentVersion { get; }

    /// <summary>Frames that exist and are not deleted, in order.</summary>
    public IEnumerable<int> Live => frames.Keys.Where(f => !deleted.Contains(f)).Order();

    public bool IsDeleted(int frame) => deleted.Contains(frame);

    public CvatFrameMeta? Find(int frame) => deleted.Contains(frame) ? null : frames.GetValueOrDefault(frame);

    private void Add(int frame, IReadOnlyList<CvatFrameMeta> listed, int index)
    {
        var meta = listed.Count == 1 ? listed[0] : index < listed.Count ? listed[index] : null;
        if (meta is not null)
        {
            frames[frame] = meta;
        }
    }
}
