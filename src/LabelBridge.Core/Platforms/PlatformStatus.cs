namespace LabelBridge.Core.Platforms;

/// <summary>What <c>doctor</c> learns from one platform.</summary>
/// <param name="Reachable">The server answered at all.</param>
/// <param name="Authenticated">The configured credentials were accepted.</param>
/// <param name="ServerVersion">The version the server reports, if it does.</param>
/// <param name="Message">What is wrong and how to fix it, or a short confirmation.</param>
public sealed record PlatformStatus(bool Reachable, bool Authenticated, string? ServerVersion, string Message)
{
    public bool Healthy => Reachable && Authenticated;

    /// <summary>False when the platform said the credentials can only read (a CVAT read-only access token).</summary>
    /// <remarks>Kept apart from <see cref="Authenticated"/> because reading works: only projects that write back fail,
    /// and <c>doctor</c> judges that against the projects configured on the platform.</remarks>
    public bool CanWrite { get; init; } = true;

    /// <summary>What works now but will bite later (a webhook Label Studio will disable), each with its fix.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
