namespace LabelBridge.Core.Platforms;

/// <summary>What <c>doctor</c> learns from one platform.</summary>
/// <param name="Reachable">The server answered at all.</param>
/// <param name="Authenticated">The configured credentials were accepted.</param>
/// <param name="ServerVersion">The version the server reports, if it does.</param>
/// <param name="Message">What is wrong and how to fix it, or a short confirmation.</param>
public sealed record PlatformStatus(bool Reachable, bool Authenticated, string? ServerVersion, string Message)
{
    public bool Healthy => Reachable && Authenticated;
}
