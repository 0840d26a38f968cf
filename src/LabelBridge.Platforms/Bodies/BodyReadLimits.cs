using LabelBridge.Core.Configuration;

namespace LabelBridge.Platforms.Bodies;

/// <summary>How much a body may hold and how long it may take: the whole read gets <paramref name="Deadline"/>, and every
/// <paramref name="RateWindow"/> must bring at least <paramref name="MinimumBytesPerSecond"/> × the window.</summary>
/// <param name="MaxBytes">Largest body accepted.</param>
/// <param name="Deadline">Longest a whole read may take (per attempt); infinite turns the deadline off.</param>
/// <param name="MinimumBytesPerSecond">Slowest transfer accepted, averaged over each window; 0 turns the check off.</param>
/// <param name="RateWindow">How long a window of the transfer-rate check is.</param>
/// <param name="SizeSetting">The setting that holds <paramref name="MaxBytes"/>, named when a body is refused for its size.</param>
internal sealed record BodyReadLimits(long MaxBytes, TimeSpan Deadline, long MinimumBytesPerSecond, TimeSpan RateWindow, string SizeSetting = "MaxImageBytes")
{
    /// <summary>The request option under which a platform call carries the limits for its answer.</summary>
    public static readonly HttpRequestOptionsKey<BodyReadLimits> RequestOption = new("LabelBridge.BodyReadLimits");

    /// <summary>No limit but the size (for bodies that arrive in one piece, such as webhook deliveries Kestrel already bounds).</summary>
    public static BodyReadLimits SizeOnly(long maxBytes) => new(maxBytes, Timeout.InfiniteTimeSpan, 0, Timeout.InfiniteTimeSpan);

    /// <summary>The platform's image limits: MaxImageBytes, BodyReadTimeout, MinimumTransferRate over TransferRateWindow.</summary>
    public static BodyReadLimits ForImages(PlatformOptions platform) =>
        new(platform.MaxImageBytes, platform.BodyReadTimeout, platform.MinimumTransferRate, platform.TransferRateWindow);

    /// <summary>The platform's JSON answer limits: MaxResponseBytes, and the same deadline and minimum rate as images.</summary>
    public static BodyReadLimits ForJson(PlatformOptions platform) =>
        new(platform.MaxResponseBytes, platform.BodyReadTimeout, platform.MinimumTransferRate, platform.TransferRateWindow, "MaxResponseBytes");
}
