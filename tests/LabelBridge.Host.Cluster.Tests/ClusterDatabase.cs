using Npgsql;

namespace LabelBridge.Host.Cluster.Tests;

/// <summary>A fresh, uniquely named database on the PostgreSQL test server, its connection string in an environment
/// variable that the workers' configuration names (child processes inherit it). Dropped on dispose.</summary>
/// <remarks>The server comes from <c>LABELBRIDGE_TEST_POSTGRES</c> (<c>scripts/postgres-test-server.sh</c>): without it
/// the test fails on CI and is skipped elsewhere.</remarks>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase database;

    private ClusterDatabase(PostgresTestDatabase database)
    {
        this.database = database;
        Variable = $"LABELBRIDGE_TEST_DB_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(Variable, ConnectionString);
    }

    public string Name => database.Name;

    public string ConnectionString => database.ConnectionString;

    /// <summary>The environment variable holding <see cref="ConnectionString"/>.</summary>
    public string Variable { get; }

    public static async Task<ClusterDatabase> CreateAsync() =>
        new(await PostgresTestDatabase.CreateAsync("labelbridge_cluster_", CancellationToken.None));

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Makes a stored cron trigger due now, as when its time comes, so both workers compete for the firing
    /// without the test waiting for a wall-clock time.</summary>
    public async Task BringScheduleForwardAsync(string triggerName)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("UPDATE qrtz_triggers SET next_fire_time = $1 WHERE trigger_name = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = TimeProvider.System.GetUtcNow().UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = triggerName });
        Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Rows in <paramref name="table"/>; 0 while it does not exist yet.</summary>
    public async Task<long> RowsAsync(string table) =>
        await CountAsync($"SELECT COUNT(*) FROM pg_class WHERE relname = '{table}'") == 0 ? 0 : await CountAsync($"SELECT COUNT(*) FROM {table}");

    public async ValueTask DisposeAsync()
    {
        await database.DropAsync();
        Environment.SetEnvironmentVariable(Variable, null);
    }
}
