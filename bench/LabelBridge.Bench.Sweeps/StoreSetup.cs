using System.Globalization;
using Npgsql;

namespace LabelBridge.Bench.Sweeps;

/// <summary>A fresh, empty store for one bench row: a new SQLite file, or a new database on the test PostgreSQL server
/// (connection string from <c>LABELBRIDGE_TEST_POSTGRES</c>).</summary>
internal sealed record StoreSetup(string? SqlitePath, string? PostgresConnection)
{
    public const string PostgresVariable = "BENCH_LABELBRIDGE_POSTGRES";

    public static async Task<StoreSetup> CreateAsync(string store, string work)
    {
        if (store == "sqlite")
        {
            return new StoreSetup(Path.Combine(work, "sqlite", "labelbridge.db"), null);
        }

        var server = Server();
        var database = string.Create(CultureInfo.InvariantCulture, $"lb_bench_{Environment.ProcessId}_{Environment.TickCount64}");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return OnServer(database);
    }

    /// <summary>A fresh database for a cluster run; with a kept work directory its name is written there, so a later
    /// run's cached pass sweeps it again (<see cref="KeptClusterDatabase"/>).</summary>
    public static async Task<StoreSetup> CreateClusterDatabaseAsync(string? keptWork)
    {
        var setup = await CreateAsync("postgres", keptWork ?? Path.GetTempPath());
        if (keptWork is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(keptWork, ClusterDatabaseFile), new NpgsqlConnectionStringBuilder(setup.PostgresConnection).Database);
        }

        return setup;
    }

    /// <summary>The database an earlier cluster run kept in this work directory.</summary>
    public static StoreSetup KeptClusterDatabase(string work)
    {
        var file = Path.Combine(work, ClusterDatabaseFile);
        return File.Exists(file)
            ? OnServer(File.ReadAllText(file).Trim())
            : throw new InvalidOperationException($"a cached cluster pass needs a cold one before it, in this run or an earlier one with the same --work ({ClusterDatabaseFile} not found)");
    }

    private const string ClusterDatabaseFile = "cluster-database.txt";

    private static StoreSetup OnServer(string database) =>
        new(null, new NpgsqlConnectionStringBuilder(Server()) { Database = database }.ConnectionString);

    private static string Server() => Environment.GetEnvironmentVariable("LABELBRIDGE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LABELBRIDGE_TEST_POSTGRES is not set: run scripts/postgres-test-server.sh first");
}
