using System.Data.Common;
using LabelBridge.Storage.Postgres;
using LabelBridge.Storage.Schema;
using LabelBridge.Storage.Sql;
using LabelBridge.Storage.Tests.Contract;
using Npgsql;

namespace LabelBridge.Storage.Tests;

/// <summary>The store contract on a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private PostgresTestDatabase? database;

    internal override IReadOnlyList<Migration> Migrations => PostgresSchema.Migrations;

    protected override async ValueTask CreateDatabaseAsync() => database = await PostgresTestDatabase.CreateAsync(Ct);

    protected override async ValueTask DropDatabaseAsync()
    {
        if (database is not null)
        {
            await database.DropAsync();
            database = null;
        }
    }

    internal override SqlStore CreateStore(IReadOnlyList<Migration> migrations) =>
        new PostgresStore(Database.ConnectionString, migrations, TimeProvider.System, MigrationLog);

    protected override async Task<DbConnection> OpenRawConnectionAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private PostgresTestDatabase Database => database ?? throw new InvalidOperationException("The test database was not created.");

    [Fact]
    public async Task Neighbours_are_stored_as_queryable_jsonb()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "manual", Samples.Time(0), Ct);
        await Store.SaveFindingsAsync(sweep.Id, [Samples.Mislabel(sweep.Id, "cvat:7:12:3", 0.9)], Ct);

        var firstLabel = await QueryScalarAsync<string>("SELECT neighbours -> 0 ->> 'label' FROM findings");

        Assert.Equal("T-shirt/top", firstLabel);
    }
}
