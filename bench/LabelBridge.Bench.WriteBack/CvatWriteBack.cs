using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Bench.WriteBack;

/// <summary>A CVAT project of two boxes a frame on tasks of 100 frames and jobs of 20 (the shape of a project where one
/// box in two is flagged), and one finding per box on the first <c>markers</c> boxes: that many new issues.</summary>
internal static class CvatWriteBack
{
    public static async Task<PassResult> RunAsync(WriteBackBenchOptions options, int repeat)
    {
        await using var cvat = await CvatEmulator.StartAsync(new CvatEmulatorOptions { DefaultPageSize = 100 });
        var projectId = Populate(cvat.Model, options.Markers);
        var (services, connector) = BenchConnectors.Create(PlatformKind.Cvat, cvat.BaseUrl, cvat.AccessToken, options.MaxConcurrent);
        await using var _ = services;
        var snapshot = await connector.ReadProjectAsync(projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        var findings = snapshot.Annotations.Take(options.Markers).Select(Finding).ToList();
        if (options.LatencyMs > 0)
        {
            cvat.Faults.DelayNext(1_000_000, TimeSpan.FromMilliseconds(options.LatencyMs));
        }

        cvat.ResetMaxConcurrentRequests();
        var (result, wall, cpu) = await BenchConnectors.TimeAsync(() =>
            connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), CancellationToken.None));
        var issues = cvat.Model.Issues.Count;
        if (issues != options.Markers || result.Written != options.Markers)
        {
            throw new InvalidOperationException($"expected {options.Markers} issues, the emulator holds {issues} and the connector wrote {result.Written}");
        }

        return new PassResult("cvat", repeat, result.Written, result.AlreadyPresent, result.Problems.Count, wall, cpu, cvat.MaxConcurrentRequests);
    }

    private static long Populate(CvatModel model, int markers)
    {
        var project = model.AddProject("Bench write-back");
        var labels = new[] { project.AddLabel(model, "cat").Id, project.AddLabel(model, "dog").Id };
        var boxes = markers * 2;
        var frames = (boxes + 1) / 2;
        for (var start = 0; start < frames; start += 100)
        {
            var count = Math.Min(100, frames - start);
            var task = model.AddTask(project, $"task {start / 100}", [.. Enumerable.Range(0, count).Select(f => new EmulatedFrame($"frame_{start + f:D6}.jpg", 320, 256))], 20);
            for (var frame = 0; frame < count; frame++)
            {
                var job = task.Jobs.First(j => frame >= j.StartFrame && frame <= j.StopFrame);
                for (var box = 0; box < 2; box++)
                {
                    job.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", frame, labels[box], [10 + (box * 100), 10, 90 + (box * 100), 90]));
                }
            }
        }

        return project.Id;
    }

    // Every other box: the flagged half of a two-box frame.
    private static Finding Finding(Annotation annotation, int index) =>
        new(FindingKeys.For(FindingKind.Mislabel, annotation.Key), FindingKind.Mislabel, 0.9, annotation.Key, annotation.Label, "other", [],
            $"labelled {annotation.Label}; bench finding {index}");
}
