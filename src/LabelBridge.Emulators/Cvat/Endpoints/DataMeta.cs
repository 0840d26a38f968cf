using System.Globalization;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

/// <summary>CVAT's DataMetaRead for a task or a job's frame range (start..stop
/// are task-relative frame numbers, as a job's start_frame/stop_frame are).</summary>
/// <remarks>As cvat/apps/engine/views.py JobViewSet.metadata builds it: CVAT numbers a task's frames densely
/// 0..size-1 whatever the frame_filter step; <c>start_frame</c>/<c>stop_frame</c> are data (file or video frame)
/// numbers, <c>data.start_frame + frame * step</c>; <c>frames</c> has one entry per relative frame (images filtered
/// with <c>range(data_start_frame, data_stop_frame + frame_step, frame_step)</c>), or the single video entry;
/// <c>deleted_frames</c> are task-relative frame numbers (<c>get_rel_frame_number</c>).</remarks>
internal static class DataMeta
{
    public static object Of(EmulatedTask task, int start, int stop) => new
    {
        ChunksUpdatedDate = task.ChunksUpdatedDate,
        ChunkSize = 72,
        Size = stop - start + 1,
        ImageQuality = 70,
        StartFrame = task.DataStartFrame + (start * task.FrameStep),
        StopFrame = task.DataStartFrame + (stop * task.FrameStep),
        FrameFilter = task.FrameStep > 1 ? string.Create(CultureInfo.InvariantCulture, $"step={task.FrameStep}") : "",
        Frames = (task.VideoName is { } video
                ? [new EmulatedFrame(video, task.Frames[0].Width, task.Frames[0].Height)]
                : task.Frames.Skip(start).Take(stop - start + 1))
            .Select(f => new { f.Width, f.Height, f.Name, RelatedFiles = 0, HasRelatedContext = false })
            .ToList(),
        DeletedFrames = task.DeletedFrames.Where(f => f >= start && f <= stop).ToList(),
        IncludedFrames = (int[]?)null,
        Storage = "local",
        CloudStorageId = (long?)null,
        Chapters = (object?)null,
    };
}
