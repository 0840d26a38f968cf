using Npgsql;

namespace LabelBridge.Storage.Tests;

public sealed class ThrowawayDatabaseDropTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_throwaway_database_with_a_connection_still_open_is_dropped()
    {
        var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var leftOpen = new NpgsqlConnection(database.ConnectionString);
        await leftOpen.OpenAsync(Ct);

        await database.DropAsync();

        Assert.False(await ExistsAsync(database.Name));
    }

    [Fact]
    public async Task Dropping_a_throwaway_database_twice_is_harmless()
    {
        var database = await PostgresTestDatabase.CreateAsync(Ct);

        await database.DropAsync();
        await database.DropAsync();

        Assert.False(await ExistsAsync(database.Name));
    }

    private static async Task<bool> ExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresTestDatabase.RequireServer());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
