using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Projects;

/// <summary>Deep links into the platforms' own UIs, so a reviewer lands on the exact job and frame, or task.</summary>
public static class PlatformLinks
{
    public static Func<Item, Uri?> For(PlatformOptions platform, string remoteProjectId)
    {
        var root = platform.Url!.ToString().TrimEnd('/');
        return platform.Kind switch
        {
            PlatformKind.Cvat => item => item.Location.JobId is { } job
                ? new Uri(string.Create(CultureInfo.InvariantCulture, $"{root}/tasks/{item.Location.TaskId}/jobs/{job}?frame={item.Location.Frame ?? 0}"))
                : null,
            PlatformKind.LabelStudio => item =>
                new Uri(string.Create(CultureInfo.InvariantCulture, $"{root}/projects/{remoteProjectId}/data?task={item.Location.TaskId}")),
            _ => _ => null,
        };
    }
}
