using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>One fault-free sweep per platform over the harness's standard scenes, made once and shared: the state
/// every faulty run must end in.</summary>
internal static class CleanRuns
{
    private static readonly Lazy<Task<(PlatformState State, int Requests)>> Cvat = new(() => RunAsync(cvat: true));
    private static readonly Lazy<Task<(PlatformState State, int Requests)>> LabelStudio = new(() => RunAsync(cvat: false));

    public static async Task<PlatformState> ForAsync(bool cvat) => (await RunFor(cvat)).State;

    /// <summary>How many requests the clean run sent to the platform.</summary>
    public static async Task<int> RequestsAsync(bool cvat) => (await RunFor(cvat)).Requests;

    private static Task<(PlatformState State, int Requests)> RunFor(bool cvat) => cvat ? Cvat.Value : LabelStudio.Value;

    private static async Task<(PlatformState State, int Requests)> RunAsync(bool cvat)
    {
        await using var harness = cvat ? await SweepHarness.StartCvatAsync() : await SweepHarness.StartLabelStudioAsync();
        var outcome = await harness.SweepAsync();
        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        return (PlatformState.Of(harness, outcome.Report!, cvat), cvat ? harness.Cvat.Requests.Count : harness.LabelStudio.Requests.Count);
    }
}
