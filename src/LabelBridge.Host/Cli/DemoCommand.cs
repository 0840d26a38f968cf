using System.CommandLine;
using System.Globalization;
using LabelBridge.Core.Sweeps;
using LabelBridge.Emulators.Scenes;
using LabelBridge.Host.Demo;
using LabelBridge.Host.Reports;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge demo</c>: a CVAT emulator on loopback with generated scenes and planted label errors,
/// a sweep with write-back against it on the embedded defaults, and what it found against what was planted.</summary>
internal static class DemoCommand
{
    private static readonly Option<string> FashionMnistDirectory = new("--fashion-mnist")
    {
        Description = "Directory of the Fashion-MNIST IDX files (Debian package dataset-fashion-mnist)",
        DefaultValueFactory = _ => FashionMnist.DefaultDirectory,
    };

    private static readonly Option<string> DataDirectory = new("--data")
    {
        Description = "Where the demo keeps its store and report",
        DefaultValueFactory = _ => Path.Combine(".data", "demo"),
    };

    private static readonly Option<string> Embedder = new("--embedder")
    {
        Description = "auto (default), pixel, default-model, or a model name",
        DefaultValueFactory = _ => "auto",
    };

    private static readonly Option<string> ModelDirectory = new("--model-dir")
    {
        Description = "Model directory (default .models)",
        DefaultValueFactory = _ => ".models",
    };

    private static readonly Option<int> Frames = new("--frames")
    {
        Description = "Frames per task (2 tasks); default 40",
        DefaultValueFactory = _ => 40,
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Run a sweep against a bundled CVAT emulator filled with generated scenes that hide known label errors")
        {
            FashionMnistDirectory, DataDirectory, Embedder, ModelDirectory, Frames,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var dataDirectory = parseResult.GetRequiredValue(DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        foreach (var stale in Directory.EnumerateFiles(dataDirectory, "labelbridge.db*"))
        {
            File.Delete(stale);
        }

        var modelDirectory = parseResult.GetRequiredValue(ModelDirectory);
        var embedder = parseResult.GetRequiredValue(Embedder);

        var data = await FashionMnist.LoadAsync(parseResult.GetRequiredValue(FashionMnistDirectory), cancellationToken);
        var scenes = new SceneOptions(FramesPerTask: parseResult.GetValue(Frames));
        await using var demo = await DemoRun.StartAsync(data, scenes, dataDirectory, embedder, modelDirectory, cancellationToken);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"CVAT emulator at [blue]{demo.Emulator.BaseUrl}[/]: project {demo.Project.ProjectId}, {demo.Project.Annotations} boxes, {demo.Project.Errors.Count} planted errors.");

        var services = context.BuildServices(demo.Options);
        try
        {
            var sweeps = services.GetRequiredService<ProjectSweeps>();
            var outcome = await SweepProgressDisplay.RunAsync(console,
                progress => sweeps.RunAsync(DemoRun.ProjectName, "demo", null, progress, cancellationToken));
            if (outcome.Report is null)
            {
                console.MarkupLineInterpolated($"[red]The demo sweep did not finish:[/] {outcome.Error}");
                return ExitCodes.Failure;
            }

            var reportDirectory = Path.Combine(dataDirectory, "report");
            var files = await ReportWriter.WriteAsync(outcome.Report, reportDirectory, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(reportDirectory, "planted-errors.json"),
                System.Text.Json.JsonSerializer.Serialize(demo.Project.Errors, ReportJson.Options), cancellationToken);
            SweepSummary.Write(console, outcome.Report, files);
            WriteScore(console, demo.Score(outcome.Report));
            return ExitCodes.Success;
        }
        finally
        {
            if (services is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>The closing table: what the written markers caught, and how many of them a reviewer would find wrong.</summary>
    internal static void WriteScore(IAnsiConsole console, FlagScore score)
    {
        var table = new Table().Title("Planted errors found by the markers written").AddColumn("kind").AddColumn("planted").AddColumn("found");
        foreach (var kind in score.PlantedKinds)
        {
            table.AddRow(kind.Kind, kind.Planted.ToString(CultureInfo.InvariantCulture), kind.Flagged.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{score.Markers} markers written on {score.BoxesFlagged} boxes, {score.BoxesFlaggedPlanted} of them planted errors: precision {score.Precision:0.00}, recall {score.Recall:0.00}; {score.BoxesWithSeveralMarkers} boxes with more than one marker."));
    }
}
