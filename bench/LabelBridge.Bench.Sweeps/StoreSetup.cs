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

        var server = Environment.GetEnvironmentVariable("LABELBRIDGE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("LABELBRIDGE_TEST_POSTGRES is not set: run scripts/postgres-test-server.sh first");
        var database = string.Create(CultureInfo.InvariantCulture, $"lb_bench_{Environment.ProcessId}_{Environment.TickCount64}");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new StoreSetup(null, new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
    }
}
