namespace LabelBridge.Core.Configuration;

/// <summary>How several <c>labelbridge serve</c> workers share one PostgreSQL store: the schedules, and the embedding
/// of large sweeps split into shards that any worker runs.</summary>
/// <remarks>Only used with <see cref="StoreProvider.Postgres"/>; a SQLite store has one worker, which embeds a whole
/// sweep itself.</remarks>
public sealed class ScaleOptions
{
    /// <summary>About how many annotations one embedding shard holds; CVAT jobs and Label Studio tasks are never split.
    /// A sweep with fewer annotations is embedded in one piece. 0 = never shard. Default 2000.</summary>
    public int ShardSize { get; set; } = 2000;

    /// <summary>Embedding shards one worker runs at once. Default 1 (the embedder already uses every core).</summary>
    public int ShardsPerWorker { get; set; } = 1;

    /// <summary>This worker's name in the cluster, recorded with every shard it runs. Must differ between workers.
    /// Default: host name and process id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>How often a worker tells the others it is alive. Default 10 seconds.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long past a missed check-in the others wait before taking over a worker's running sweeps and
    /// shards. Default 20 seconds.</summary>
    public TimeSpan FailoverAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often an idle worker looks for shards and sweeps other workers queued (at least 1 second).
    /// Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
