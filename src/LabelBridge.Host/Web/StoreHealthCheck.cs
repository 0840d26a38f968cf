using LabelBridge.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LabelBridge.Host.Web;

/// <summary>Healthy when the store answers.</summary>
internal sealed class StoreHealthCheck(ILabelBridgeStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListSweepsAsync("health", 1, cancellationToken);
            return HealthCheckResult.Healthy("store reachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store unreachable", exception);
        }
    }
}
