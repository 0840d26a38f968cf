using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "labelbridge-di-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_default_store_is_a_sqlite_file_at_the_configured_path()
    {
        var path = Path.Combine(directory, "state", "labelbridge.db");
        await using (var provider = new ServiceCollection().AddLabelBridgeStore(new StoreOptions { SqlitePath = path }).BuildServiceProvider())
        {
            var store = provider.GetRequiredService<ILabelBridgeStore>();
            await store.InitializeAsync(Ct);
            await store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);

            Assert.Same(store, provider.GetRequiredService<IStoreIntegrityCheck>());
            Assert.Empty(await provider.GetRequiredService<IStoreIntegrityCheck>().CheckIntegrityAsync(Ct));
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task The_postgres_store_reads_its_connection_string_from_the_configured_secret()
    {
        var database = await PostgresTestDatabase.CreateAsync(Ct);
        var variable = "LABELBRIDGE_STORE_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, database.ConnectionString);
        try
        {
            var options = new StoreOptions { Provider = StoreProvider.Postgres, PostgresConnection = new SecretOptions { Env = variable } };
            await using var provider = new ServiceCollection().AddLabelBridgeStore(options).BuildServiceProvider();
            var store = provider.GetRequiredService<ILabelBridgeStore>();
            await store.InitializeAsync(Ct);

            var sweep = await store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);

            Assert.Equal(sweep, await store.GetSweepAsync(sweep.Id, Ct));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            await database.DropAsync();
        }
    }

    [Fact]
    public void A_missing_postgres_secret_fails_naming_where_it_was_looked_for()
    {
        var options = new StoreOptions
        {
            Provider = StoreProvider.Postgres,
            PostgresConnection = new SecretOptions { Env = "LABELBRIDGE_STORE_TEST_UNSET_" + Guid.NewGuid().ToString("N") },
        };
        using var provider = new ServiceCollection().AddLabelBridgeStore(options).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ILabelBridgeStore>());

        Assert.Contains("Store:PostgresConnection", error.Message, StringComparison.Ordinal);
        Assert.Contains(options.PostgresConnection.Env!, error.Message, StringComparison.Ordinal);
    }
}
