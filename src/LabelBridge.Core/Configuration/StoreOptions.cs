namespace LabelBridge.Core.Configuration;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where LabelBridge keeps its state.</summary>
public sealed class StoreOptions : IOptionsSection<StoreOptions>
{
    public static string SectionName => "Store";

    public static StoreOptions Of(LabelBridgeOptions configuration) => configuration?.Store ?? throw new ArgumentNullException(nameof(configuration));

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>SQLite database file. Default <c>.data/labelbridge.db</c>.</summary>
    public string SqlitePath { get; set; } = ".data/labelbridge.db";

    /// <summary>PostgreSQL connection string (with its password), from the environment or a file.</summary>
    public SecretOptions PostgresConnection { get; set; } = new();
}
