using LabelBridge.Core.Configuration;
using LabelBridge.Core.Sweeps;
using Quartz;

namespace LabelBridge.Host.Scheduling;

internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>Quartz with its tables in the same SQLite file as the store (schema provisioned by Quartz), the
    /// project schedules synchronised from configuration, and the sweep requester every trigger goes through.</summary>
    public static IServiceCollection AddLabelBridgeScheduling(this IServiceCollection services, LabelBridgeOptions options)
    {
        services.AddQuartz(quartz =>
        {
            if (options.Store.Provider == StoreProvider.Sqlite)
            {
                var path = Path.GetFullPath(options.Store.SqlitePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                quartz.UsePersistentStore(store =>
                {
                    store.UseSqlite($"Data Source={path};Cache=Shared");
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                });
            }
        });
        services.AddSingleton<IHostedService, ProjectScheduleSync>();
        services.AddQuartzHostedService(hosting => hosting.WaitForJobsToComplete = true);
        services.AddSingleton<ISweepRequester, QuartzSweepRequester>();
        return services;
    }
}
