using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;

namespace LabelBridge.Bench.WriteBack;

/// <summary>A Label Studio project of <c>markers</c> tasks with one rectangle each, and one finding per task: that many
/// new predictions (each with its task meta entry) and the needs-review tab.</summary>
internal static class LabelStudioWriteBack
{
    private const string Config = """
        <View>
          <Image name="image" value="$image"/>
          <RectangleLabels name="label" toName="image">
            <Label value="Cat"/><Label value="Dog"/>
          </RectangleLabels>
        </View>
        """;

    public static async Task<PassResult> RunAsync(WriteBackBenchOptions options, int repeat)
    {
        await using var ls = await LabelStudioEmulator.StartAsync();
        var project = ls.Model.AddProject("Bench write-back", Config).Id;
        for (var i = 0; i < options.Markers; i++)
        {
            var task = ls.Model.AddTask(project, new JsonObject { ["image"] = $"/data/upload/{project}/image_{i}.png" }).Id;
            ls.Model.AddAnnotation(task, [Rectangle("r1", i % 2 == 0 ? "Cat" : "Dog")]);
        }

        var (services, connector) = BenchConnectors.Create(PlatformKind.LabelStudio, ls.BaseUrl, ls.PersonalAccessToken, options.MaxConcurrent);
        await using var _ = services;
        var snapshot = await connector.ReadProjectAsync(project.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        var findings = snapshot.Annotations
            .Select(a => new Finding(FindingKeys.For(FindingKind.Mislabel, a.Key), FindingKind.Mislabel, 0.9, a.Key, a.Label, "Dog", [], $"labelled {a.Label}; bench finding"))
            .ToList();
        if (options.LatencyMs > 0)
        {
            ls.Faults.DelayNext(1_000_000, TimeSpan.FromMilliseconds(options.LatencyMs));
        }

        ls.ResetMaxConcurrentRequests();
        var (result, wall, cpu) = await BenchConnectors.TimeAsync(() =>
            connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), CancellationToken.None));
        var predictions = ls.Model.Predictions(project).Count;
        if (predictions != options.Markers || result.Written != options.Markers)
        {
            throw new InvalidOperationException($"expected {options.Markers} predictions, the emulator holds {predictions} and the connector wrote {result.Written}");
        }

        return new PassResult("label-studio", repeat, result.Written, result.AlreadyPresent, result.Problems.Count, wall, cpu, ls.MaxConcurrentRequests);
    }

    private static JsonObject Rectangle(string id, string label) => new()
    {
        ["id"] = id,
        ["from_name"] = "label",
        ["to_name"] = "image",
        ["type"] = "rectanglelabels",
        ["origin"] = "manual",
        ["original_width"] = 200,
        ["original_height"] = 100,
        ["image_rotation"] = 0,
        ["value"] = new JsonObject { ["x"] = 10, ["y"] = 20, ["width"] = 30, ["height"] = 40, ["rotation"] = 0, ["rectanglelabels"] = new JsonArray(label) },
    };
}
