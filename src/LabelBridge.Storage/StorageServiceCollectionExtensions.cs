using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Configuration;
using LabelBridge.Storage.Postgres;
using LabelBridge.Storage.Sqlite;
using LabelBridge.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LabelBridge.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the store chosen by <see cref="StoreOptions.Provider"/> as the singleton
    /// <see cref="ILabelBridgeStore"/>, and the same instance as each of its roles (<see cref="IEmbeddingCache"/>,
    /// <see cref="ISweepStore"/>, <see cref="IFindingStore"/>, <see cref="IReviewStore"/>, <see cref="IRelabelStore"/>, <see cref="IThumbnailStore"/>,
    /// <see cref="ISettingsStore"/>), <see cref="IStoreIntegrityCheck"/> and <see cref="ISweepShardStore"/>.</summary>
    /// <remarks>The section is served as <c>IOptions&lt;StoreOptions&gt;</c> and checked by <see cref="StoreOptionsValidator"/>
    /// at start-up; <paramref name="options"/> is the section to use. The PostgreSQL connection string is resolved when the store is first resolved; a missing secret
    /// fails start-up with a message naming where it was looked for, never its value.</remarks>
    public static IServiceCollection AddLabelBridgeStore(this IServiceCollection services, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretResolver>();
        services.AddOptionsSection(options).ValidatedBy<StoreOptions, StoreOptionsValidator>();
        services.AddSingleton<SqlStore>(provider => Create(provider, provider.GetRequiredService<IOptions<StoreOptions>>().Value));
        services.AddSingleton<ILabelBridgeStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<IStoreIntegrityCheck>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<ISweepShardStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<IEmbeddingCache>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<ISweepStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<IFindingStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<IReviewStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<IRelabelStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<IThumbnailStore>(provider => provider.GetRequiredService<SqlStore>());
        services.AddSingleton<ISettingsStore>(provider => provider.GetRequiredService<SqlStore>());
        return services;
    }

    private static SqlStore Create(IServiceProvider provider, StoreOptions options)
    {
        var timeProvider = provider.GetRequiredService<TimeProvider>();
        var loggers = provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        switch (options.Provider)
        {
            case StoreProvider.Sqlite:
                return new SqliteStore(options.SqlitePath, timeProvider, loggers.CreateLogger<SqliteStore>());
            case StoreProvider.Postgres:
                var connection = provider.GetRequiredService<SecretResolver>().TryResolve(options.PostgresConnection, out var problem)
                    ?? throw new InvalidOperationException($"Store:PostgresConnection: {problem}");
                return new PostgresStore(connection.Reveal(), timeProvider, loggers.CreateLogger<PostgresStore>());
            default:
                throw new InvalidOperationException($"Store:Provider '{options.Provider}' is not supported.");
        }
    }
}
