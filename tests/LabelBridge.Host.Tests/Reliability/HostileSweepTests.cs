using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Emulators.Cvat.Model;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>Issue #15's done-when: a hostile CVAT or Label Studio per fault mode (stalled bodies, lying ranges, huge values, endless
/// pages, oversized names, oversized answers) swept by the real <c>labelbridge sweep</c> in a child process. Each sweep
/// ends within its deadline, its own peak memory stays bounded, the bad item is named in report.json, and every marker
/// of a clean run is written.</summary>
/// <remarks>The hostile items sit in an extra task whose frames cannot be embedded (skipped, unreadable or stalled), so
/// a correct sweep leaves exactly the clean run's markers. The issue measured 1.3 to 4.5 GB for these inputs; these
/// sweeps peaked at 108 to 141 MiB (238 MiB while refusing the 300 MB answer), so the limit is generous and still
/// catches them.</remarks>
public sealed class HostileSweepTests
{
    /// <summary>Far above a clean sweep, far below what each of these inputs took before it was bounded.</summary>
    private const long PeakLimitBytes = 768L * 1024 * 1024;

    private static readonly TimeSpan SweepDeadline = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("stalled-bodies")]
    [InlineData("lying-ranges")]
    [InlineData("huge-values")]
    [InlineData("endless-pages")]
    [InlineData("oversized-names")]
    [InlineData("oversized-answers")]
    public async Task Hostile_cvat_sweep_ends_in_time_with_bounded_memory_names_the_bad_item_and_writes_every_other_marker(string mode)
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var named = Arrange(harness, mode);
        await SweepAndCheckAsync(harness, mode, named, cvat: true);
    }

    [Theory]
    [InlineData("stalled-bodies")]
    [InlineData("lying-ranges")]
    [InlineData("huge-values")]
    [InlineData("endless-pages")]
    [InlineData("oversized-names")]
    public async Task Hostile_label_studio_sweep_ends_in_time_with_bounded_memory_names_the_bad_item_and_writes_every_other_marker(string mode)
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var named = ArrangeLabelStudio(harness, mode);
        await SweepAndCheckAsync(harness, mode, named, cvat: false);
    }

    private static async Task SweepAndCheckAsync(SweepHarness harness, string mode, string named, bool cvat)
    {
        var platform = harness.Options.Platforms[0];
        (platform.MinimumTransferRate, platform.TransferRateWindow) = (100, TimeSpan.FromSeconds(2));
        harness.Options.Projects[0].SweepDeadline = SweepDeadline;
        var config = WorkerProcess.WriteConfig(harness.Options, harness.Directory);
        var reports = Path.Combine(harness.Directory, "report");

        using var worker = WorkerProcess.Start(harness.Directory, "sweep", "--config", config, "--project", SweepHarness.ProjectName, "--report", reports);
        long peak = 0;
        await Poll.UntilAsync(
            () =>
            {
                peak = Math.Max(peak, ChildMemory.PeakResidentBytes(worker.Id));
                return worker.HasExited;
            },
            $"the {mode} sweep has ended",
            SweepDeadline + TimeSpan.FromMinutes(1));

        TestContext.Current.TestOutputHelper?.WriteLine($"{(cvat ? "cvat" : "label-studio")} {mode}: peak {peak / (1024 * 1024)} MiB");
        Assert.True(worker.ExitCode == 0 && worker.Output.Contains("finished", StringComparison.Ordinal), worker.Output);
        Assert.InRange(peak, 1, PeakLimitBytes);
        var report = Path.Combine(reports, "report.json");
        Assert.InRange(new FileInfo(report).Length, 1, 4L * 1024 * 1024);
        var problems = JsonNode.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken))!["problems"]!.AsArray()
            .Select(p => $"{p!["subject"]}: {p["reason"]}")
            .ToList();
        Assert.True(problems.Any(p => p.Contains(named, StringComparison.Ordinal)), $"'{named}' is not named in: {string.Join(" | ", problems)}");
        Assert.Equal((await CleanRuns.ForAsync(cvat)).Markers, PlatformState.MarkersOf(harness, cvat));
    }

    /// <summary>Puts a Label Studio fault in place and returns the text the report must name. The hostile regions sit
    /// on tasks whose image is not an image, so nothing of them is embedded, as for CVAT.</summary>
    private static string ArrangeLabelStudio(SweepHarness harness, string mode)
    {
        var model = harness.LabelStudio.Model;
        var projectId = harness.Project.ProjectId;
        switch (mode)
        {
            case "stalled-bodies":
            {
                // Every attempt drips: a retry must not turn the stalled image into a finding the clean run lacks.
                model.PutFile($"/data/upload/{projectId}/stalled.png", Emulators.LabelStudio.TestImages.Png(200, 100));
                LabelStudioTask(harness, $"/data/upload/{projectId}/stalled.png", Region("stalled", 10, "T-shirt/top", 200));
                harness.LabelStudio.Faults.StallBodyNext(20, TimeSpan.FromSeconds(5), "stalled.png");
                return "MinimumTransferRate";
            }

            case "lying-ranges":
                LabelStudioTask(harness, NotAnImage(harness, "lying"), Region("wide", 10, "T-shirt/top", 1_000_000_000));
                return "reaches beyond ±1000000 px";

            case "huge-values":
                LabelStudioTask(harness, NotAnImage(harness, "huge"), Region("huge", 1e308, "T-shirt/top", 200));
                return "percent values outside 0–100 (x 10, y 10, width 1E+308, height 60)";

            case "endless-pages":
                harness.LabelStudio.Faults.EndlessPages = true;
                return "repeats page";

            case "oversized-names":
                LabelStudioTask(harness, NotAnImage(harness, "names"), Region("long", 10, new string('N', 1_000_000), 200));
                return "has 1000000 characters; it was cut to its first 256";

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "no such fault mode");
        }
    }

    private static string NotAnImage(SweepHarness harness, string name)
    {
        var path = $"/data/upload/{harness.Project.ProjectId}/{name}.png";
        harness.LabelStudio.Model.PutFile(path, "not an image"u8.ToArray());
        return path;
    }

    private static void LabelStudioTask(SweepHarness harness, string image, JsonObject region)
    {
        var task = harness.LabelStudio.Model.AddTask(harness.Project.ProjectId, new JsonObject { ["image"] = image }).Id;
        harness.LabelStudio.Model.AddAnnotation(task, new JsonArray(region));
    }

    /// <summary>A rectangle region as Label Studio stores it: percent of an image <paramref name="imageWidth"/> pixels wide.</summary>
    private static JsonObject Region(string id, double width, string label, long imageWidth) => new()
    {
        ["id"] = id,
        ["from_name"] = "label",
        ["to_name"] = "image",
        ["type"] = "rectanglelabels",
        ["origin"] = "manual",
        ["original_width"] = imageWidth,
        ["original_height"] = 100,
        ["value"] = new JsonObject { ["x"] = 10, ["y"] = 10, ["width"] = width, ["height"] = 60, ["rotation"] = 0, ["rectanglelabels"] = new JsonArray(label) },
    };

    /// <summary>Puts the fault in place and returns the text the report must name.</summary>
    private static string Arrange(SweepHarness harness, string mode)
    {
        var model = harness.Cvat.Model;
        var project = model.FindProject(harness.Project.ProjectId)!;
        var label = project.Labels[0].Id;
        switch (mode)
        {
            case "stalled-bodies":
            {
                var frames = HostileTask(harness, "stalled frame", frameCount: 1, images: true);
                frames.Jobs[0].Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 0, label, [20, 20, 120, 120]));
                var answers = HostileTask(harness, "stalled annotations", frameCount: 1, images: true);
                answers.Jobs[0].Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 0, label, [20, 20, 120, 120]));
                var frameJob = frames.Jobs[0].Id;
                // The job's data meta shares the frame's path; it answers normally, the frame itself drips.
                harness.Cvat.Faults.DelayNext(1, TimeSpan.Zero, $"/api/jobs/{frameJob}/data");
                harness.Cvat.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), $"/api/jobs/{frameJob}/data");
                harness.Cvat.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), $"/api/jobs/{answers.Jobs[0].Id}/annotations");
                return "MinimumTransferRate";
            }

            case "lying-ranges":
            {
                var task = HostileTask(harness, "lying range", frameCount: 3, images: false);
                task.Jobs.Clear();
                var job = new EmulatedJob(model.NextId(), task.Id, 0, 20_000_000);
                task.Jobs.Add(job);
                job.Tracks.Add(Annotations.Track(model.NextId(), 0, label, [Annotations.TrackedShape(model.NextId(), "rectangle", 0, [1, 1, 20, 20])]));
                return "claims frames 0-20000000, but its data holds only frames 0-2";
            }

            case "huge-values":
            {
                var job = HostileTask(harness, "huge values", frameCount: 1, images: true).Jobs[0];
                job.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 0, label, [-1e308, -1e308, 1e308, 1e308]));
                job.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 0, label, [10, 10, 50, 50], 1e308));
                job.Shapes.Add(Annotations.Shape(model.NextId(), "ellipse", 0, label, [50, 50, 1e308, 60]));
                return "rotation 1E+308, not an angle";
            }

            case "endless-pages":
                harness.Cvat.Faults.EndlessPages = true;
                return "repeats page";

            case "oversized-names":
            {
                var huge = project.AddLabel(model, new string('N', 1_000_000)).Id;
                var job = HostileTask(harness, "oversized names", frameCount: 1, images: false).Jobs[0];
                job.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 0, huge, [10, 10, 50, 50]));
                return "has 1000000 characters; it was cut to its first 256";
            }

            case "oversized-answers":
            {
                var job = HostileTask(harness, "oversized answer", frameCount: 1, images: true).Jobs[0];
                job.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 0, label, [20, 20, 120, 120]));
                harness.Cvat.Faults.PadBodyNext(1, 300L * 1024 * 1024, $"/api/jobs/{job.Id}/annotations");
                return "above MaxResponseBytes (134217728)";
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "no such fault mode");
        }
    }

    /// <summary>An extra task of the project; with <paramref name="images"/> false its frames are not images, so whatever
    /// is read of it is named and never embedded.</summary>
    private static EmulatedTask HostileTask(SweepHarness harness, string name, int frameCount, bool images)
    {
        var model = harness.Cvat.Model;
        var frames = Enumerable.Range(0, frameCount)
            .Select(i => new EmulatedFrame(string.Create(CultureInfo.InvariantCulture, $"{name.Replace(' ', '-')}-{i}.png"), 200, 200, images ? null : "not an image"u8.ToArray()))
            .ToList();
        return model.AddTask(model.FindProject(harness.Project.ProjectId)!, name, frames, segmentSize: frameCount);
    }
}
