using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Cluster.Tests;

/// <summary>The configuration every worker of a test cluster shares: the harness's platform and project, the store on
/// a PostgreSQL test database, and cluster timings short enough for a test (check in every second, failover after two).</summary>
internal static class ClusterConfig
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public const string ApiToken = "cluster-test-api-token-0123456789abcdef";

    public static LabelBridgeOptions For(LabelBridgeOptions harness, ClusterDatabase database)
    {
        var tokenVariable = $"LABELBRIDGE_TEST_API_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, ApiToken);
        var options = JsonSerializer.Deserialize<LabelBridgeOptions>(JsonSerializer.Serialize(harness, Json), Json)!;
        options.Store = new StoreOptions { Provider = StoreProvider.Postgres, PostgresConnection = new SecretOptions { Env = database.Variable } };
        options.Web.ApiToken = new SecretOptions { Env = tokenVariable };
        options.Embedding.MaxConcurrentImages = 1;
        options.Scale = new ScaleOptions
        {
            ShardSize = 1,
            ShardsPerWorker = 1,
            CheckinInterval = TimeSpan.FromSeconds(1),
            FailoverAfter = TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromSeconds(1),
        };
        return options;
    }

    public static LabelBridgeOptions Copy(LabelBridgeOptions options) =>
        JsonSerializer.Deserialize<LabelBridgeOptions>(JsonSerializer.Serialize(options, Json), Json)!;
}
