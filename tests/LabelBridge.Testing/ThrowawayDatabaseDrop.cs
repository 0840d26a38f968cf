using Npgsql;

namespace LabelBridge.Testing;

/// <summary>Drops a test's throwaway database without ever failing the test over it.</summary>
/// <remarks>
/// <c>DROP DATABASE ... WITH (FORCE)</c> refuses (42501) when an autovacuum worker is visiting the database and the
/// role lacks <c>pg_signal_backend</c>: PostgreSQL's <c>TerminateOtherDBBackends</c> (src/backend/storage/ipc/procarray.c)
/// checks the caller's privileges over every backend in the database, and an autovacuum worker has no role. A plain
/// <c>DROP DATABASE</c> signals autovacuum workers itself and waits for them, so it is the fallback; a connection
/// still open (55006) is retried until a deadline. A database that still cannot be dropped is only a leftover on a
/// throwaway server: it becomes a warning on the test, not a failure.
/// </remarks>
public static class ThrowawayDatabaseDrop
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public static async Task DropAsync(string serverConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString;
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        var force = true;
        while (true)
        {
            try
            {
                await ExecuteAsync(server, force ? $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)" : $"DROP DATABASE IF EXISTS \"{name}\"");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && force)
            {
                force = false;
            }
            catch (Exception e) when (IsWorthRetrying(e) && TimeProvider.System.GetUtcNow() < deadline)
            {
                force = true;
                await Task.Delay(Pause, CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                TestContext.Current.AddWarning($"The throwaway database {name} was left on the test server: {e.Message}");
                return;
            }
        }
    }

    private static bool IsWorthRetrying(Exception exception) => exception switch
    {
        PostgresException e => e.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege,
        NpgsqlException e => e.IsTransient,
        _ => exception is TimeoutException,
    };

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
