using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

/// <summary>CVAT's DataMetaRead for a task or a job's frame range; deleted frames are absolute frame numbers.</summary>
internal static class DataMeta
{
    public static object Of(CvatApiContext api, EmulatedTask task, int start, int stop) => new
    {
        ChunksUpdatedDate = api.Now(),
        ChunkSize = 72,
        Size = stop - start + 1,
        ImageQuality = 70,
        StartFrame = start,
        StopFrame = stop,
        FrameFilter = "",
        Frames = task.Frames.Skip(start).Take(stop - start + 1)
            .Select(f => new { f.Width, f.Height, f.Name, RelatedFiles = 0, HasRelatedContext = false })
            .ToList(),
        DeletedFrames = task.DeletedFrames.Where(f => f >= start && f <= stop).ToList(),
        IncludedFrames = (int[]?)null,
        Storage = "local",
        CloudStorageId = (long?)null,
        Chapters = (object?)null,
    };
}
