using System.Collections.Concurrent;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Platforms.Concurrency;

/// <summary>One concurrency gate per configured platform, shared by every connector, project and sweep that calls it,
/// so <see cref="PlatformOptions.MaxConcurrentRequests"/> caps the platform, not one connector.</summary>
/// <remarks>A changed MaxConcurrentRequests gets a fresh gate; requests already waiting on the old one finish there.</remarks>
internal sealed class PlatformGates : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.OrdinalIgnoreCase);

    public SemaphoreSlim For(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var slots = Math.Max(1, platform.MaxConcurrentRequests);
        return gates.GetOrAdd($"{platform.Kind}|{platform.Name}|{slots}", _ => new SemaphoreSlim(slots, slots));
    }

    public void Dispose()
    {
        foreach (var gate in gates.Values)
        {
            gate.Dispose();
        }
    }
}
