using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabelBridge.Bench.Sweeps;

/// <summary>The worker's configuration file for one bench row: the emulator as a CVAT platform, one project, the store.</summary>
internal static class WorkerConfig
{
    public const string TokenVariable = "BENCH_CVAT_TOKEN";

    public static string Write(string work, string store, Uri cvat, long projectId, string embedder, StoreSetup setup, int? maxFindings = null)
    {
        var storeNode = setup.SqlitePath is { } sqlite
            ? new JsonObject { ["Provider"] = "sqlite", ["SqlitePath"] = sqlite }
            : new JsonObject { ["Provider"] = "postgres", ["PostgresConnection"] = new JsonObject { ["Env"] = StoreSetup.PostgresVariable } };
        var config = new JsonObject
        {
            ["Platforms"] = new JsonArray(new JsonObject
            {
                ["Name"] = "cvat-bench",
                ["Kind"] = "cvat",
                ["Url"] = cvat.ToString(),
                ["Credentials"] = new JsonObject { ["Env"] = TokenVariable },
                ["PageSize"] = 500,
            }),
            ["Projects"] = new JsonArray(new JsonObject
            {
                ["Name"] = "bench",
                ["Platform"] = "cvat-bench",
                ["RemoteProjectId"] = projectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["WriteBack"] = "markers",
            }),
            ["Embedding"] = new JsonObject { ["Embedder"] = embedder },
            ["Store"] = storeNode,
        };
        if (maxFindings is { } cap)
        {
            ((JsonObject)config["Projects"]![0]!)["MaxFindingsPerSweep"] = cap;
        }

        var path = Path.Combine(work, $"{store}.json");
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
