using System.Data.Common;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Dapper;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Schema;
using LabelBridge.Storage.Sql;
using Microsoft.Extensions.Logging.Testing;

namespace LabelBridge.Storage.Tests.Contract;

/// <summary>The behaviour every <see cref="ILabelBridgeStore"/> must have, run against each real database.
/// Each test gets a fresh, empty database.</summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private readonly List<SqlStore> opened = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal FakeLogger MigrationLog { get; } = new();

    internal SqlStore Store { get; private set; } = null!;

    internal abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Creates the empty database the test runs on.</summary>
    protected abstract ValueTask CreateDatabaseAsync();

    /// <summary>Removes it again, after every store over it is disposed.</summary>
    protected abstract ValueTask DropDatabaseAsync();

    /// <summary>A new store instance over the same database, as after a restart.</summary>
    internal abstract SqlStore CreateStore(IReadOnlyList<Migration> migrations);

    /// <summary>A plain connection to the database, for looking underneath the store.</summary>
    protected abstract Task<DbConnection> OpenRawConnectionAsync();

    public async ValueTask InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = Reopen();
        await Store.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeOpenedStoresAsync();
        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    internal SqlStore Reopen(IReadOnlyList<Migration>? migrations = null)
    {
        var store = CreateStore(migrations ?? Migrations);
        opened.Add(store);
        return store;
    }

    protected async Task<T> QueryScalarAsync<T>(string sql)
    {
        await using var connection = await OpenRawConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, cancellationToken: Ct))
            ?? throw new InvalidOperationException($"'{sql}' returned null.");
    }

    protected async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = await OpenRawConnectionAsync();
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: Ct));
    }

    [Fact]
    public async Task First_initialization_applies_every_migration_and_a_second_applies_none()
    {
        Assert.Equal(Migrations.Count, MigrationLog.Collector.GetSnapshot().Count(r => r.Message.Contains("migrated", StringComparison.Ordinal)));
        MigrationLog.Collector.Clear();

        await Store.InitializeAsync(Ct);
        await Reopen().InitializeAsync(Ct);

        Assert.DoesNotContain(MigrationLog.Collector.GetSnapshot(), r => r.Message.Contains("migrated", StringComparison.Ordinal));
        Assert.Equal(Migrations.Count, await QueryScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_store_left_at_an_older_schema_is_migrated_forward_with_its_data()
    {
        await StartOverWithAnEmptyDatabaseAsync();
        var old = Reopen(Migrations.Take(1).ToList());
        await old.InitializeAsync(Ct);
        var sweep = await old.CreateSweepAsync(Samples.Project, "manual", Samples.Time(1), Ct);
        MigrationLog.Collector.Clear();

        var current = Reopen();
        await current.InitializeAsync(Ct);

        var applied = MigrationLog.Collector.GetSnapshot().Where(r => r.Message.Contains("migrated", StringComparison.Ordinal)).ToList();
        Assert.Equal(Migrations.Count - 1, applied.Count);
        Assert.Contains("version 2", applied[0].Message, StringComparison.Ordinal);
        Assert.Equal(sweep, await current.GetSweepAsync(sweep.Id, Ct));
        Assert.Equal(Migrations[^1].Version, await QueryScalarAsync<int>("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task A_schema_newer_than_the_code_refuses_to_start()
    {
        var older = Reopen(Migrations.Take(1).ToList());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.InitializeAsync(Ct));

        Assert.Contains("newer than this LabelBridge knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_initializations_apply_each_migration_once()
    {
        await StartOverWithAnEmptyDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Reopen()).ToList();

        await Task.WhenAll(stores.Select(store => Task.Run(() => store.InitializeAsync(Ct), Ct)));

        Assert.Equal(Migrations.Count, await QueryScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task Embeddings_round_trip_bit_for_bit()
    {
        float[] awkward = [0f, -0f, 1f / 3, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-38f, 0.70710677f];
        var random = new Random(7);
        var wide = Samples.Vector(random, 816);

        await Store.PutEmbeddingsAsync("mobilenet_v2_mid@abc", [new("awkward", awkward), new("wide", wide), new("empty", [])], Ct);
        var read = await Store.GetEmbeddingsAsync("mobilenet_v2_mid@abc", ["awkward", "wide", "empty"], Ct);

        AssertSameBits(awkward, read["awkward"]);
        AssertSameBits(wide, read["wide"]);
        Assert.Empty(read["empty"]);
    }

    [Fact]
    public async Task Unknown_embedding_keys_and_other_models_are_absent()
    {
        await Store.PutEmbeddingsAsync("model-a", [new("k1", [1f, 2f]), new("k2", [3f, 4f])], Ct);

        var read = await Store.GetEmbeddingsAsync("model-a", ["k1", "missing"], Ct);
        var otherModel = await Store.GetEmbeddingsAsync("model-b", ["k1", "k2"], Ct);
        var none = await Store.GetEmbeddingsAsync("model-a", [], Ct);

        Assert.Equal(["k1"], read.Keys);
        Assert.Empty(otherModel);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Image_versions_round_trip_are_replaced_by_key_and_unknown_keys_are_absent()
    {
        await Store.PutImageVersionsAsync(new Dictionary<string, ImageVersion>
        {
            ["LabelStudio|a"] = new("\"abc\"", "Thu, 03 Dec 2026 06:00:00 GMT"),
            ["LabelStudio|b"] = ImageVersion.None,
        }, Ct);

        await Store.PutImageVersionsAsync(new Dictionary<string, ImageVersion> { ["LabelStudio|a"] = new("W/\"def\"", null) }, Ct);

        var read = await Store.GetImageVersionsAsync(["LabelStudio|a", "LabelStudio|b", "LabelStudio|c"], Ct);
        Assert.Equal(new ImageVersion("W/\"def\"", null), read["LabelStudio|a"]);
        Assert.True(read["LabelStudio|b"].IsEmpty);
        Assert.False(read.ContainsKey("LabelStudio|c"));
    }

    [Fact]
    public async Task Putting_an_embedding_again_replaces_it_and_the_last_of_a_batch_wins()
    {
        await Store.PutEmbeddingsAsync("model-a", [new("k1", [1f, 2f])], Ct);

        await Store.PutEmbeddingsAsync("model-a", [new("k1", [5f, 6f, 7f]), new("k1", [8f, 9f, 10f])], Ct);

        var read = await Store.GetEmbeddingsAsync("model-a", ["k1", "k1"], Ct);
        AssertSameBits([8f, 9f, 10f], Assert.Single(read).Value);
    }

    [Fact]
    public async Task Embeddings_read_into_one_buffer_are_the_lookups_rows_in_the_order_asked()
    {
        const int dimension = 16;
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 300).Select(_ => Samples.Vector(random, dimension)).ToArray();
        // Stored in another order than they are asked for, so the storage order and the asked order differ.
        var stored = Enumerable.Range(0, 300).OrderBy(_ => random.Next()).ToArray();
        await Store.PutEmbeddingsAsync("model-a", [.. stored.Select(i => new StoredEmbedding($"k{i}", vectors[i]))], Ct);
        await Store.PutEmbeddingsAsync("model-a", [new("short", [1f, 2f]), new("corrupt", Samples.Vector(random, dimension))], Ct);
        await Store.PutEmbeddingsAsync("model-b", [new("k-other", Samples.Vector(random, dimension))], Ct);
        await ExecuteSqlAsync("UPDATE embeddings SET dim = 15 WHERE cache_key = 'corrupt'");
        string[] keys = [.. Enumerable.Range(0, 300).Select(i => $"k{i}").Reverse(), "missing", "k7", "short", "corrupt", "k-other", "k7"];
        var destination = new float[keys.Length * dimension];
        destination.AsSpan().Fill(float.NaN);
        var found = new bool[keys.Length];

        var count = await Store.ReadEmbeddingsIntoAsync("model-a", keys, dimension, destination, found, Ct);

        var lookups = await Store.GetEmbeddingsAsync("model-a", keys, Ct);
        Assert.Equal(302, count);
        for (var i = 0; i < keys.Length; i++)
        {
            var row = destination.AsSpan(i * dimension, dimension).ToArray();
            if (lookups.TryGetValue(keys[i], out var vector) && vector.Length == dimension)
            {
                Assert.True(found[i], keys[i]);
                AssertSameBits(vector, row);
            }
            else
            {
                Assert.False(found[i], keys[i]);
                Assert.All(row, v => Assert.True(float.IsNaN(v), $"row {i} ({keys[i]}) was written"));
            }
        }

        AssertSameBits(vectors[7], destination.AsSpan(301 * dimension, dimension).ToArray());
        AssertSameBits(vectors[299], destination.AsSpan(0, dimension).ToArray());
        Assert.Equal(0, await Store.ReadEmbeddingsIntoAsync("model-a", [], dimension, [], [], Ct));
    }

    [Fact]
    public async Task A_sweep_part_is_kept_beside_the_checkpoints_replaced_by_name_and_leaves_the_stage_alone()
    {
        var sweep = await Store.CreateSweepAsync("p", "schedule", DateTimeOffset.UnixEpoch, Ct);
        await Store.CompleteStageAsync(sweep.Id, SweepStage.Report, "{}"u8.ToArray(), Ct);

        await Store.PutSweepPartAsync(sweep.Id, "quality-table", "[1]"u8.ToArray(), Ct);
        await Store.PutSweepPartAsync(sweep.Id, "quality-table", "[2]"u8.ToArray(), Ct);

        Assert.Equal("[2]"u8.ToArray(), await Store.GetSweepPartAsync(sweep.Id, "quality-table", Ct));
        Assert.Null(await Store.GetSweepPartAsync(sweep.Id, "other", Ct));
        Assert.Equal("{}"u8.ToArray(), await Store.GetCheckpointAsync(sweep.Id, SweepStage.Report, Ct));
        Assert.Equal(SweepStage.Report, (await Store.GetSweepAsync(sweep.Id, Ct))!.Stage);
    }

    [Fact]
    public async Task Ten_thousand_816_dimensional_embeddings_round_trip()
    {
        const int count = 10_000;
        var random = new Random(42);
        var embeddings = new StoredEmbedding[count];
        for (var i = 0; i < count; i++)
        {
            embeddings[i] = new StoredEmbedding($"cvat:7:{i / 20}:{i % 20}|box|m0.1", Samples.Vector(random, 816));
        }

        var put = Stopwatch.StartNew();
        await Store.PutEmbeddingsAsync("mobilenet_v2_mid@abc", embeddings, Ct);
        put.Stop();
        var get = Stopwatch.StartNew();
        var read = await Store.GetEmbeddingsAsync("mobilenet_v2_mid@abc", [.. embeddings.Select(e => e.CacheKey)], Ct);
        get.Stop();

        Assert.Equal(count, read.Count);
        foreach (var embedding in embeddings)
        {
            Assert.True(
                MemoryMarshal.AsBytes(embedding.Vector.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(read[embedding.CacheKey].AsSpan())),
                $"vector {embedding.CacheKey} changed");
        }

        TestContext.Current.SendDiagnosticMessage(
            $"{GetType().Name}: put {count} x 816 in {put.ElapsedMilliseconds} ms, get in {get.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_sweep_moves_through_every_stage_with_its_checkpoints()
    {
        var created = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);
        Assert.Equal(
            new SweepRecord(created.Id, Samples.Project, "schedule", SweepStage.Created, SweepStatus.Running, Samples.Time(0), null, null),
            created);

        foreach (var stage in Enum.GetValues<SweepStage>())
        {
            byte[] checkpoint = [(byte)stage, 0, 255, .. System.Text.Encoding.UTF8.GetBytes(stage.ToString())];
            await Store.CompleteStageAsync(created.Id, stage, checkpoint, Ct);

            Assert.Equal(stage, (await Store.GetSweepAsync(created.Id, Ct))!.Stage);
            Assert.Equal(checkpoint, await Store.GetCheckpointAsync(created.Id, stage, Ct));
        }

        await Store.FinishSweepAsync(created.Id, SweepStatus.Succeeded, Samples.Time(9), null, Ct);

        Assert.Equal(
            created with { Stage = SweepStage.Report, Status = SweepStatus.Succeeded, FinishedAt = Samples.Time(9) },
            await Store.GetSweepAsync(created.Id, Ct));
        Assert.Equal([(byte)SweepStage.Snapshot, 0, 255, .. "Snapshot"u8.ToArray()], await Store.GetCheckpointAsync(created.Id, SweepStage.Snapshot, Ct));
    }

    [Fact]
    public async Task Completing_a_stage_twice_keeps_the_newer_checkpoint()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);

        await Store.CompleteStageAsync(sweep.Id, SweepStage.Embeddings, new byte[] { 1 }, Ct);
        await Store.CompleteStageAsync(sweep.Id, SweepStage.Embeddings, new byte[] { 2, 3 }, Ct);

        Assert.Equal([2, 3], await Store.GetCheckpointAsync(sweep.Id, SweepStage.Embeddings, Ct));
    }

    [Fact]
    public async Task Missing_sweeps_and_checkpoints_are_absent()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);

        Assert.Null(await Store.GetSweepAsync(sweep.Id + 1000, Ct));
        Assert.Null(await Store.GetCheckpointAsync(sweep.Id, SweepStage.Analysis, Ct));
        Assert.Empty(await Store.GetFindingsAsync(sweep.Id, Ct));
        Assert.Empty(await Store.ListSweepsAsync("no-such-project", 10, Ct));
        Assert.Null(await Store.FindUnfinishedSweepAsync("no-such-project", Ct));
    }

    [Fact]
    public async Task Completing_a_stage_of_a_missing_sweep_is_a_bug_and_writes_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.CompleteStageAsync(4242, SweepStage.Snapshot, new byte[] { 1 }, Ct));

        Assert.Null(await Store.GetCheckpointAsync(4242, SweepStage.Snapshot, Ct));
    }

    [Fact]
    public async Task Saving_findings_of_a_missing_sweep_is_a_bug_and_writes_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.SaveFindingsAsync(4242, [Samples.Geometry(4242, "cvat:7:1:1")], Ct));

        Assert.Empty(await Store.GetFindingsAsync(4242, Ct));
        Assert.Empty(await Store.CheckIntegrityAsync(Ct));
    }

    [Fact]
    public async Task A_failed_sweep_keeps_its_error()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "webhook", Samples.Time(0), Ct);

        await Store.FinishSweepAsync(sweep.Id, SweepStatus.Paused, Samples.Time(3), "CVAT at cvat-main answered 503", Ct);

        var read = await Store.GetSweepAsync(sweep.Id, Ct);
        Assert.Equal(SweepStatus.Paused, read!.Status);
        Assert.Equal("CVAT at cvat-main answered 503", read.Error);
        Assert.Equal(Samples.Time(3), read.FinishedAt);
    }

    [Fact]
    public async Task Sweeps_are_listed_newest_first_per_project_up_to_the_limit()
    {
        var first = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(1), Ct);
        var third = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(3), Ct);
        var second = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(2), Ct);
        await Store.CreateSweepAsync("other-project", "manual", Samples.Time(4), Ct);

        var all = await Store.ListSweepsAsync(Samples.Project, 10, Ct);
        var newestTwo = await Store.ListSweepsAsync(Samples.Project, 2, Ct);

        Assert.Equal([third, second, first], all);
        Assert.Equal([third, second], newestTwo);
    }

    [Fact]
    public async Task The_unfinished_sweep_is_the_newest_running_or_paused_one()
    {
        var paused = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(1), Ct);
        await Store.FinishSweepAsync(paused.Id, SweepStatus.Paused, Samples.Time(2), "platform down", Ct);
        var succeeded = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(3), Ct);
        await Store.FinishSweepAsync(succeeded.Id, SweepStatus.Succeeded, Samples.Time(4), null, Ct);
        var failed = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(5), Ct);
        await Store.FinishSweepAsync(failed.Id, SweepStatus.Failed, Samples.Time(6), "bug", Ct);

        Assert.Equal(paused.Id, (await Store.FindUnfinishedSweepAsync(Samples.Project, Ct))?.Id);

        var running = await Store.CreateSweepAsync(Samples.Project, "webhook", Samples.Time(7), Ct);
        Assert.Equal(running, await Store.FindUnfinishedSweepAsync(Samples.Project, Ct));

        await Store.FinishSweepAsync(running.Id, SweepStatus.Succeeded, Samples.Time(8), null, Ct);
        await Store.FinishSweepAsync(paused.Id, SweepStatus.Failed, Samples.Time(9), "gave up", Ct);
        Assert.Null(await Store.FindUnfinishedSweepAsync(Samples.Project, Ct));
    }

    [Fact]
    public async Task Findings_round_trip_with_neighbours_null_suggestions_and_their_order()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);
        StoredFinding[] findings =
        [
            Samples.Mislabel(sweep.Id, "cvat:7:12:3", 0.91234567890123456),
            Samples.Geometry(sweep.Id, "ls:4:88:r1"),
            Samples.Mislabel(sweep.Id, "cvat:7:1:1", 0.95),
        ];

        await Store.SaveFindingsAsync(sweep.Id, findings, Ct);
        var read = await Store.GetFindingsAsync(sweep.Id, Ct);

        Assert.Equal(findings.Length, read.Count);
        for (var i = 0; i < findings.Length; i++)
        {
            Assert.Equal(WithoutNeighbours(findings[i]), WithoutNeighbours(read[i]));
            Assert.Equal(findings[i].Finding.Neighbours, read[i].Finding.Neighbours);
        }

        Assert.Null(read[1].Finding.SuggestedLabel);
    }

    [Fact]
    public async Task Saving_findings_again_replaces_those_of_that_sweep_only()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);
        var other = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(1), Ct);
        await Store.SaveFindingsAsync(sweep.Id, [Samples.Mislabel(sweep.Id, "a", 0.5), Samples.Mislabel(sweep.Id, "b", 0.6)], Ct);
        await Store.SaveFindingsAsync(other.Id, [Samples.Mislabel(other.Id, "a", 0.5)], Ct);

        await Store.SaveFindingsAsync(sweep.Id, [Samples.Geometry(sweep.Id, "c")], Ct);

        Assert.Equal(["c"], (await Store.GetFindingsAsync(sweep.Id, Ct)).Select(f => f.Finding.AnnotationKey));
        Assert.Equal(["a"], (await Store.GetFindingsAsync(other.Id, Ct)).Select(f => f.Finding.AnnotationKey));
    }

    [Fact]
    public async Task Markers_are_upserted_by_project_and_finding_key()
    {
        var first = Samples.Marker("ml-000000000001", "101", resolved: false);
        var second = Samples.Marker("ml-000000000002", "102", resolved: false);
        await Store.UpsertMarkersAsync([first, second, first with { Project = "other-project" }], Ct);

        var resolved = first with { MarkerId = "555", Resolved = true, WrittenAt = Samples.Time(40), LabelWhenMarked = "T-shirt/top" };
        await Store.UpsertMarkersAsync([resolved], Ct);

        Assert.Equal([resolved, second], await Store.GetMarkersAsync(Samples.Project, Ct));
        Assert.Equal([first with { Project = "other-project" }], await Store.GetMarkersAsync("other-project", Ct));
    }

    [Fact]
    public async Task A_marker_keeps_the_server_it_is_on_and_a_later_write_on_another_server_moves_it()
    {
        var staging = Samples.Marker("ml-000000000001", "101", resolved: false) with { Server = "staging.example:443" };
        await Store.UpsertMarkersAsync([staging], Ct);
        Assert.Equal([staging], await Store.GetMarkersAsync(Samples.Project, Ct));

        var production = staging with { MarkerId = "7", Server = "cvat.example:443" };
        await Store.UpsertMarkersAsync([production], Ct);

        Assert.Equal([production], await Store.GetMarkersAsync(Samples.Project, Ct));
    }

    [Fact]
    public async Task A_new_decision_replaces_the_old_one_for_the_same_finding()
    {
        var dismissed = Samples.Decision("ml-000000000001", DecisionVerdict.Dismissed, "v1");
        var other = Samples.Decision("ol-000000000009", DecisionVerdict.Confirmed, "v3");
        await Store.SaveDecisionAsync(dismissed, Ct);
        await Store.SaveDecisionAsync(other, Ct);

        var confirmed = dismissed with { Verdict = DecisionVerdict.Confirmed, AnnotationVersion = "v2", Source = "platform", DecidedAt = Samples.Time(50) };
        await Store.SaveDecisionAsync(confirmed, Ct);

        Assert.Equal([confirmed, other], await Store.GetDecisionsAsync(Samples.Project, Ct));
        Assert.Empty(await Store.GetDecisionsAsync("other-project", Ct));
    }

    [Fact]
    public async Task Thumbnails_round_trip_and_are_replaced()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 2, 3, 0xFF, 0xD9];
        await Store.PutThumbnailAsync(Samples.Project, "cvat:7:12:3", jpeg, Ct);
        Assert.Equal(jpeg, await Store.GetThumbnailAsync(Samples.Project, "cvat:7:12:3", Ct));

        await Store.PutThumbnailAsync(Samples.Project, "cvat:7:12:3", new byte[] { 9, 9 }, Ct);

        Assert.Equal([9, 9], await Store.GetThumbnailAsync(Samples.Project, "cvat:7:12:3", Ct));
        Assert.Null(await Store.GetThumbnailAsync(Samples.Project, "cvat:7:12:4", Ct));
        Assert.Null(await Store.GetThumbnailAsync("other-project", "cvat:7:12:3", Ct));
    }

    [Fact]
    public async Task Everything_written_is_there_after_the_store_is_closed_and_reopened()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);
        await Store.CompleteStageAsync(sweep.Id, SweepStage.Snapshot, new byte[] { 4, 2 }, Ct);
        var finding = Samples.Mislabel(sweep.Id, "cvat:7:12:3", 0.9);
        await Store.SaveFindingsAsync(sweep.Id, [finding], Ct);
        var marker = Samples.Marker(finding.Finding.Key, "101", resolved: false);
        await Store.UpsertMarkersAsync([marker], Ct);
        var decision = Samples.Decision(finding.Finding.Key, DecisionVerdict.Dismissed, "v1");
        await Store.SaveDecisionAsync(decision, Ct);
        await Store.PutThumbnailAsync(Samples.Project, "cvat:7:12:3", new byte[] { 1, 2, 3 }, Ct);
        await Store.PutEmbeddingsAsync("m", [new("k", [0.5f, -0.25f])], Ct);
        await DisposeOpenedStoresAsync();

        var reopened = Reopen();
        await reopened.InitializeAsync(Ct);

        Assert.Equal(sweep with { Stage = SweepStage.Snapshot }, await reopened.GetSweepAsync(sweep.Id, Ct));
        Assert.Equal([4, 2], await reopened.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, Ct));
        Assert.Equal(finding.Finding.Neighbours, Assert.Single(await reopened.GetFindingsAsync(sweep.Id, Ct)).Finding.Neighbours);
        Assert.Equal([marker], await reopened.GetMarkersAsync(Samples.Project, Ct));
        Assert.Equal([decision], await reopened.GetDecisionsAsync(Samples.Project, Ct));
        Assert.Equal([1, 2, 3], await reopened.GetThumbnailAsync(Samples.Project, "cvat:7:12:3", Ct));
        AssertSameBits([0.5f, -0.25f], (await reopened.GetEmbeddingsAsync("m", ["k"], Ct))["k"]);
        Assert.Empty(await reopened.CheckIntegrityAsync(Ct));
    }

    [Fact]
    public async Task The_integrity_check_reports_an_embedding_whose_length_does_not_match_its_dimension()
    {
        await Store.PutEmbeddingsAsync("m", [new("good", [1f, 2f]), new("broken", [1f, 2f, 3f])], Ct);
        Assert.Empty(await Store.CheckIntegrityAsync(Ct));

        await ExecuteSqlAsync("UPDATE embeddings SET dim = 4 WHERE cache_key = 'broken'");

        var problem = Assert.Single(await Store.CheckIntegrityAsync(Ct));
        Assert.Contains("m / broken", problem, StringComparison.Ordinal);
        Assert.Equal(["good"], (await Store.GetEmbeddingsAsync("m", ["good", "broken"], Ct)).Keys);
    }

    [Fact]
    public async Task The_integrity_check_reports_a_marker_whose_finding_no_sweep_has()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);
        var finding = Samples.Mislabel(sweep.Id, "cvat:7:12:3", 0.9);
        await Store.SaveFindingsAsync(sweep.Id, [finding], Ct);
        await Store.UpsertMarkersAsync([Samples.Marker(finding.Finding.Key, "101", false), Samples.Marker("ml-feedfeedfeed", "102", false)], Ct);

        var problem = Assert.Single(await Store.CheckIntegrityAsync(Ct));

        Assert.Contains("ml-feedfeedfeed", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(finding.Finding.Key, problem, StringComparison.Ordinal);
    }

    internal async Task DisposeOpenedStoresAsync()
    {
        foreach (var store in opened)
        {
            if (store is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (store is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        opened.Clear();
    }

    private async Task StartOverWithAnEmptyDatabaseAsync()
    {
        await DisposeOpenedStoresAsync();
        await DropDatabaseAsync();
        await CreateDatabaseAsync();
    }

    private static StoredFinding WithoutNeighbours(StoredFinding stored) =>
        stored with { Finding = stored.Finding with { Neighbours = [] } };

    private static void AssertSameBits(float[] expected, float[] actual) =>
        Assert.Equal(MemoryMarshal.Cast<float, int>(expected).ToArray(), MemoryMarshal.Cast<float, int>(actual).ToArray());
}
