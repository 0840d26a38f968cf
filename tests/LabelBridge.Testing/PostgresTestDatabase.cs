using Npgsql;

namespace LabelBridge.Testing;

/// <summary>A uniquely named, empty database on the test server, dropped again by <see cref="DropAsync"/>.</summary>
/// <remarks>The server comes from <c>LABELBRIDGE_TEST_POSTGRES</c>, printed by <c>scripts/postgres-test-server.sh</c>.
/// Without it the Postgres tests fail on CI and are skipped elsewhere.</remarks>
public sealed class PostgresTestDatabase
{
    public const string ServerVariable = "LABELBRIDGE_TEST_POSTGRES";

    private readonly string serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server's connection string, or a failed (CI) or skipped (elsewhere) test saying how to get one.</summary>
    public static string RequireServer()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Prerequisite.Missing($"{ServerVariable} is not set: run scripts/postgres-test-server.sh and export the line it prints.");
        }

        return server;
    }

    public static Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken) => CreateAsync("labelbridge_test_", cancellationToken);

    /// <summary>A database named <paramref name="prefix"/> and a fresh GUID, so a leftover says which tests made it.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        var database = new PostgresTestDatabase(RequireServer(), prefix + Guid.NewGuid().ToString("N"));
        await database.RunOnServerAsync($"CREATE DATABASE \"{database.Name}\"", cancellationToken);
        return database;
    }

    /// <summary>Drops the database; one that cannot be dropped is a warning on the test, never a failure.</summary>
    public Task DropAsync() => ThrowawayDatabaseDrop.DropAsync(serverConnectionString, Name);

    private async Task RunOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
