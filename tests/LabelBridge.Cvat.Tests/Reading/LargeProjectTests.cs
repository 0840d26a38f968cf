using System.Diagnostics;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;
using A = LabelBridge.Emulators.Cvat.Model.Annotations;

namespace LabelBridge.Cvat.Tests.Reading;

public sealed class LargeProjectTests
{
    [Fact]
    public async Task Fifty_thousand_annotations_are_read_completely_without_fetching_any_image()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("large");
        var labels = Enumerable.Range(0, 10).Select(i => project.AddLabel(model, $"class-{i}").Id).ToList();
        for (var t = 0; t < 10; t++)
        {
            var frames = Enumerable.Range(0, 100).Select(f => new EmulatedFrame($"t{t}_{f:000}.jpg", 1920, 1080)).ToList();
            var task = model.AddTask(project, $"task {t}", frames, segmentSize: 10);
            foreach (var job in task.Jobs)
            {
                for (var frame = job.StartFrame; frame <= job.StopFrame; frame++)
                {
                    for (var k = 0; k < 50; k++)
                    {
                        job.Shapes.Add(A.Shape(model.NextId(), "rectangle", frame, labels[k % 10], [k * 30, k * 20, (k * 30) + 25, (k * 20) + 18]));
                    }
                }
            }
        }

        var clock = Stopwatch.StartNew();
        var snapshot = await harness.Connector(p => p.PageSize = 100).ReadProjectAsync(project.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"read {snapshot.Annotations.Count} annotations on {snapshot.Items.Count} items in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(50_000, snapshot.Annotations.Count);
        Assert.Equal(1_000, snapshot.Items.Count);
        Assert.Empty(snapshot.Problems);
        Assert.DoesNotContain(harness.Emulator.Requests, r => r.Path.EndsWith("/data", StringComparison.Ordinal));
    }
}
