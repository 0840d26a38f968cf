using LabelBridge.Core.Sweeps;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary>Progress bars per stage on a terminal; plain lines when output is redirected.</summary>
internal static class SweepProgressDisplay
{
    public static async Task<SweepOutcome> RunAsync(IAnsiConsole console, Func<IProgress<SweepProgress>, Task<SweepOutcome>> run)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var lastStage = "";
            return await run(new SynchronousProgress(p =>
            {
                var stage = p.Stage.ToString();
                if (stage != lastStage || (p.Total > 0 && p.Done == p.Total))
                {
                    console.WriteLine(p.Total > 0 ? $"{stage}: {p.Done}/{p.Total} {p.Message}" : $"{stage}...");
                    lastStage = stage;
                }
            }));
        }

        SweepOutcome? outcome = null;
        await console.Progress().AutoClear(false).StartAsync(async progressContext =>
        {
            var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
            outcome = await run(new SynchronousProgress(p =>
            {
                var stage = p.Stage.ToString();
                if (!tasks.TryGetValue(stage, out var task))
                {
                    foreach (var previous in tasks.Values)
                    {
                        previous.Value = previous.MaxValue;
                    }

                    task = tasks[stage] = progressContext.AddTask(stage);
                }

                if (p.Total > 0)
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    task.Description = $"{stage} {p.Message}";
                }
            }));
            foreach (var task in tasks.Values)
            {
                task.Value = task.MaxValue;
            }
        });
        return outcome!;
    }

    private sealed class SynchronousProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        private readonly Lock gate = new();

        public void Report(SweepProgress value)
        {
            lock (gate)
            {
                report(value);
            }
        }
    }
}
