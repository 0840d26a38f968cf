using System.Globalization;
using LabelBridge.Cvat.Api;

namespace LabelBridge.Cvat.Reading;

/// <summary>The frames of one job from its data meta: absolute frame number → size and file name, minus deleted frames.</summary>
/// <remarks>Frames are listed in order from <c>start_frame</c> with the task's step (<c>frame_filter</c> "step=N"), or
/// as <c>included_frames</c> for ground-truth jobs; a video lists one entry that holds for every frame.</remarks>
internal sealed class JobFrames
{
    private readonly Dictionary<int, CvatFrameMeta> frames = [];
    private readonly HashSet<int> deleted;

    public JobFrames(CvatJob job, CvatDataMeta meta)
    {
        deleted = [.. meta.DeletedFrames ?? []];
        var listed = meta.Frames ?? [];
        var step = Step(meta.FrameFilter);
        var numbers = meta.IncludedFrames is { Count: > 0 } included
            ? included.Where(f => f >= job.StartFrame && f <= job.StopFrame).ToList()
            : [.. Enumerable.Range(0, ((job.StopFrame - job.StartFrame) / step) + 1).Select(i => job.StartFrame + (i * step))];
        for (var i = 0; i < numbers.Count; i++)
        {
            var frame = listed.Count == 1 ? listed[0] : i < listed.Count ? listed[i] : null;
            if (frame is not null)
            {
                frames[numbers[i]] = frame;
            }
        }
    }

    /// <summary>Frames that exist and are not deleted, in order.</summary>
    public IEnumerable<int> Live => frames.Keys.Where(f => !deleted.Contains(f)).Order();

    public bool IsDeleted(int frame) => deleted.Contains(frame);

    public CvatFrameMeta? Find(int frame) => deleted.Contains(frame) ? null : frames.GetValueOrDefault(frame);

    private static int Step(string? filter)
    {
        const string prefix = "step=";
        return filter is not null && filter.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(filter.AsSpan(prefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) && step > 0
            ? step
            : 1;
    }
}
