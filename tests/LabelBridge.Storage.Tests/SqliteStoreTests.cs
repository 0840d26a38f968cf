using System.Data.Common;
using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Schema;
using LabelBridge.Storage.Sql;
using LabelBridge.Storage.Sqlite;
using LabelBridge.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace LabelBridge.Storage.Tests;

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "labelbridge-store-" + Guid.NewGuid().ToString("N"));
    private long indexRootPage;

    private string DatabasePath => Path.Combine(directory, "nested", "labelbridge.db");

    internal override IReadOnlyList<Migration> Migrations => SqliteSchema.Migrations;

    protected override ValueTask CreateDatabaseAsync() => ValueTask.CompletedTask;

    protected override ValueTask DropDatabaseAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    internal override SqlStore CreateStore(IReadOnlyList<Migration> migrations) =>
        new SqliteStore(DatabasePath, migrations, TimeProvider.System, MigrationLog);

    protected override async Task<DbConnection> OpenRawConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }

    [Fact]
    public async Task The_file_is_created_with_its_directory_in_wal_mode()
    {
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal("wal", await QueryScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Reading_vectors_into_one_buffer_leaves_the_pooled_connections_mmap_setting_as_it_found_it()
    {
        await Store.PutEmbeddingsAsync("model-a", [new("k1", [1f, 2f]), new("k2", [3f, 4f])], Ct);
        var pooled = ((SqliteStore)Store).ConnectionString;
        // One connection in the pool, so the read below and the check after it get the connection set here.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection(pooled))
        {
            await connection.OpenAsync(Ct);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA mmap_size = 65536", cancellationToken: Ct));
        }

        var destination = new float[4];
        var found = new bool[2];
        Assert.Equal(2, await Store.ReadEmbeddingsIntoAsync("model-a", ["k1", "k2"], 2, destination, found, Ct));

        await using (var connection = new SqliteConnection(pooled))
        {
            await connection.OpenAsync(Ct);
            Assert.Equal(65536, await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA mmap_size", cancellationToken: Ct)));
        }

        Assert.Equal([1f, 2f, 3f, 4f], destination);
    }

    [Fact]
    public async Task Reading_vectors_into_one_buffer_with_a_cancelled_token_throws_OperationCanceledException()
    {
        await Store.PutEmbeddingsAsync("model-a", [new("k1", [1f, 2f])], Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.ReadEmbeddingsIntoAsync("model-a", ["k1"], 2, new float[2], new bool[1], cancelled.Token));
    }

    [Fact]
    public async Task The_integrity_check_reports_checkpoints_and_findings_of_missing_sweeps()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);
        await Store.CompleteStageAsync(sweep.Id, SweepStage.Snapshot, new byte[] { 1 }, Ct);
        await Store.SaveFindingsAsync(sweep.Id, [Samples.Geometry(sweep.Id, "cvat:7:1:1")], Ct);

        await using (var connection = await OpenRawConnectionAsync())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "PRAGMA foreign_keys = OFF; DELETE FROM sweeps WHERE id = @Id", new { sweep.Id }, cancellationToken: Ct));
        }

        var problems = await Store.CheckIntegrityAsync(Ct);

        Assert.Contains(problems, p => p.Contains($"checkpoints belong to missing sweeps {sweep.Id}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains($"findings belong to missing sweeps {sweep.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_integrity_check_reports_what_sqlite_finds_wrong_in_the_file()
    {
        var (page, pageSize) = await WriteEmbeddingsAndFindIndexPageAsync();
        var index = page.AsSpan().IndexOf("mkey-0150"u8);
        Assert.True(index >= 0, "the key is on the index's root page");
        page[index + "mkey-015".Length] = (byte)'X';
        await OverwritePageAsync(page, pageSize);

        var problems = await Reopen().CheckIntegrityAsync(Ct);

        Assert.Contains(problems, p => p.StartsWith("SQLite integrity check:", StringComparison.Ordinal) && p.Contains("missing from index", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_integrity_check_reports_a_file_too_damaged_to_read()
    {
        var (page, pageSize) = await WriteEmbeddingsAndFindIndexPageAsync();
        Array.Clear(page);
        await OverwritePageAsync(page, pageSize);

        var problem = Assert.Single(await Reopen().CheckIntegrityAsync(Ct));

        Assert.StartsWith("the database is damaged and cannot be read", problem, StringComparison.Ordinal);
    }

    /// <summary>Writes 200 small embeddings, closes the store with everything checkpointed into the main file, and
    /// returns the root page of the embeddings primary-key index (it holds all 200 keys).</summary>
    private async Task<(byte[] Page, long PageSize)> WriteEmbeddingsAndFindIndexPageAsync()
    {
        await Store.PutEmbeddingsAsync("m", [.. Enumerable.Range(0, 200).Select(i => new StoredEmbedding($"key-{i:D4}", new float[64]))], Ct);
        await DisposeOpenedStoresAsync();
        await ExecuteSqlAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        indexRootPage = await QueryScalarAsync<long>("SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_embeddings_1'");
        var pageSize = await QueryScalarAsync<long>("PRAGMA page_size");

        var page = new byte[pageSize];
        await using var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Read);
        file.Position = (indexRootPage - 1) * pageSize;
        await file.ReadExactlyAsync(page, Ct);
        return (page, pageSize);
    }

    private async Task OverwritePageAsync(byte[] page, long pageSize)
    {
        await using var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Write);
        file.Position = (indexRootPage - 1) * pageSize;
        await file.WriteAsync(page, Ct);
    }
}
