using LabelBridge.Core.Configuration;
using LabelBridge.Core.Sweeps;
using Quartz;

namespace LabelBridge.Host.Scheduling;

internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>Quartz with its tables in the store's own database (schema provisioned by Quartz), the project
    /// schedules synchronised from configuration, and the sweep requester every trigger goes through. On PostgreSQL the
    /// scheduler is clustered: every worker sharing the database shares the schedules, runs embedding shards (at most
    /// <see cref="ScaleOptions.ShardsPerWorker"/> at once) and takes over the work of a worker that stopped checking in.</summary>
    public static IServiceCollection AddLabelBridgeScheduling(this IServiceCollection services, LabelBridgeOptions options)
    {
        services.AddQuartz(quartz =>
        {
            switch (options.Store.Provider)
            {
                case StoreProvider.Sqlite:
                    var path = Path.GetFullPath(options.Store.SqlitePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    quartz.UsePersistentStore(store =>
                    {
                        store.UseSqlite($"Data Source={path};Cache=Shared");
                        store.UseSystemTextJsonSerializer();
                        store.ProvisionSchema();
                    });
                    break;
                case StoreProvider.Postgres:
                    UseCluster(quartz, options);
                    break;
            }
        });
        if (options.Store.Provider == StoreProvider.Postgres)
        {
            services.AddSingleton<IEmbeddingShardScheduler, QuartzShardScheduler>();
        }

        services.AddSingleton<IHostedService, ProjectScheduleSync>();
        services.AddQuartzHostedService(hosting => hosting.WaitForJobsToComplete = true);
        services.AddSingleton<ISweepRequester, QuartzSweepRequester>();
        return services;
    }

    private static void UseCluster(IQuartzBuilder quartz, LabelBridgeOptions options)
    {
        var scale = options.Scale;
        var connection = new SecretResolver().TryResolve(options.Store.PostgresConnection, out var problem)
            ?? throw new InvalidOperationException($"Store:PostgresConnection: {problem}");
        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceId = ClusterInstance.Id(scale);
            scheduler.IdleWaitTime = scale.PollInterval;
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connection.Reveal());
            store.UseSystemTextJsonSerializer();
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = scale.CheckinInterval;
                cluster.CheckinMisfireThreshold = scale.FailoverAfter;
            });
            store.ProvisionSchema();
        });
        quartz.UseExecutionLimits(limits => limits.ForGroup(ShardJobKeys.Group, scale.ShardsPerWorker));
    }
}
