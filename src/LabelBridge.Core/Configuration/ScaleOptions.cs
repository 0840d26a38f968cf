using System.ComponentModel.DataAnnotations;

namespace LabelBridge.Core.Configuration;

/// <summary>How several <c>labelbridge serve</c> workers share one PostgreSQL store: the schedules, and the embedding
/// of large sweeps split into shards that any worker runs.</summary>
/// <remarks>Only used with <see cref="StoreProvider.Postgres"/>; a SQLite store has one worker, which embeds a whole
/// sweep itself.</remarks>
public sealed class ScaleOptions : IOptionsSection<ScaleOptions>
{
    public static string SectionName => "Scale";

    public static ScaleOptions Of(LabelBridgeOptions configuration) => configuration?.Scale ?? throw new ArgumentNullException(nameof(configuration));

    /// <summary>About how many annotations one embedding shard holds; CVAT jobs and Label Studio tasks are never split.
    /// A sweep with fewer annotations is embedded in one piece. 0 = never shard. Default 2000.</summary>
    [Range(0, 10_000_000)]
    public int ShardSize { get; set; } = 2000;

    /// <summary>Embedding shards one worker runs at once. Default 1 (the embedder already uses every core).</summary>
    [Range(1, 64)]
    public int ShardsPerWorker { get; set; } = 1;

    /// <summary>This worker's name in the cluster, recorded with every shard it runs. Must differ between workers.
    /// Default: host name and process id.</summary>
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "may contain only letters, digits, '-' and '_'; leave it out to use host name and process id")]
    public string? InstanceId { get; set; }

    /// <summary>How often a worker tells the others it is alive. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long past a missed check-in the others wait before taking over a worker's running sweeps and
    /// shards. Default 30 seconds.</summary>
    /// <remarks>Quartz's cluster check-in continues on the .NET thread pool after its first wait. The analysis' parallel
    /// loops used to fill that pool, and a worker analysing on a loaded machine checked in up to 5 s late (the default was
    /// 2 minutes then); they run on threads of their own now, and the check-in is as late as the machine makes any thread
    /// (bench pool-latency: at most 0.1-0.2 s on a 2-core machine at load 60-95). 30 s leaves a wide margin for garbage
    /// collection and other load, and a dead worker's sweep is taken over about 40 s later. A worker that lost its sweep all
    /// the same stops within one owner check (<see cref="Sweeps.SweepRunner"/>) and reads the owner before each write, so
    /// a false takeover costs a repeated stage, never a doubled marker.</remarks>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FailoverAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks for shards and sweeps other workers queued (at least 1 second).
    /// Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
