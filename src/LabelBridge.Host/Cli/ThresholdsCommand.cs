using System.CommandLine;
using System.Globalization;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Thresholds;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Logging;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge thresholds preview|set --project P</c>: what each threshold would write, and an admin's
/// overrides (stored with who and when, applied from the next sweep).</summary>
internal static class ThresholdsCommand
{
    private static readonly Option<string> Project = new("--project", "-p") { Description = "Name of a configured project", Required = true };
    private static readonly Option<double[]> At = new("--at") { Description = "More threshold values to count (repeatable)", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Name = new("--name") { Description = "MislabelMinScore or OutlierMinScore", Required = true };
    private static readonly Option<double?> Value = new("--value") { Description = "The new value (checked like the configuration)" };
    private static readonly Option<bool> Clear = new("--clear") { Description = "Remove the override: the configured value applies again" };
    private static readonly Option<string?> By = new("--by") { Description = "Who sets it (default: the operating-system user)" };

    public static Command Create(CliContext context)
    {
        var preview = new Command("preview", "Score distribution of the latest sweep and how many findings each threshold would write") { Project, At };
        preview.SetAction((parseResult, cancellationToken) => WithServicesAsync(context, parseResult, (services, project) =>
            PreviewAsync(context.Console, services, project, parseResult.GetValue(At), cancellationToken), cancellationToken));
        var set = new Command("set", "Override a threshold from the next sweep on (or --clear the override)") { Project, Name, Value, Clear, By };
        set.SetAction((parseResult, cancellationToken) => WithServicesAsync(context, parseResult, (services, project) =>
            SetAsync(context.Console, services, project, parseResult, cancellationToken), cancellationToken));
        return new Command("thresholds", "Preview thresholds and override them") { preview, set };
    }

    private static async Task<int> WithServicesAsync(
        CliContext context, ParseResult parseResult, Func<IServiceProvider, string, Task<int>> action, CancellationToken cancellationToken)
    {
        var configuration = ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config));
        if (!configuration.IsValid)
        {
            ConfigProblemsTable.Write(context.Console, configuration);
            return ExitCodes.ConfigurationError;
        }

        var project = parseResult.GetRequiredValue(Project);
        if (configuration.Options.FindProject(project) is null)
        {
            var known = string.Join(", ", configuration.Options.Projects.Select(p => p.Name));
            context.Console.MarkupLineInterpolated($"[red]Project '{project}' is not configured[/] (configured: {known}).");
            return ExitCodes.ConfigurationError;
        }

        var services = context.BuildServices(configuration.Options);
        try
        {
            await services.GetRequiredService<ILabelBridgeStore>().InitializeAsync(cancellationToken);
            return await action(services, project);
        }
        finally
        {
            if (services is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static async Task<int> PreviewAsync(IAnsiConsole console, IServiceProvider services, string project, double[]? at, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<ThresholdPreviewer>().PreviewAsync(project, at, cancellationToken);
        if (result.Preview is not { } preview)
        {
            console.MarkupLineInterpolated($"[red]{TerminalText.Escape(result.Problem)}[/]");
            return ExitCodes.ConfigurationError;
        }

        if (preview.SweepId is null)
        {
            WriteValues(console, preview.Kinds);
            console.MarkupLineInterpolated($"[yellow]{TerminalText.Escape(preview.Note)}[/]");
            return ExitCodes.Success;
        }

        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Preview on sweep {preview.SweepId} of {TerminalText.Escape(preview.Project)} ({preview.SweepStartedAt:yyyy-MM-dd HH:mm} UTC): {preview.Written} finding(s) at the effective thresholds, at most {preview.MaxFindingsPerSweep} per sweep.");
        WriteValues(console, preview.Kinds);
        foreach (var kind in preview.Kinds)
        {
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{kind.Threshold}[/] ({kind.Kind}) score distribution:");
            var max = kind.Histogram.DefaultIfEmpty(0).Max();
            for (var b = 0; b < kind.Histogram.Length; b++)
            {
                var bar = max == 0 ? 0 : (int)Math.Ceiling(40.0 * kind.Histogram[b] / max);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(double)b / kind.Histogram.Length:0.00}-{(double)(b + 1) / kind.Histogram.Length:0.00} {new string('#', bar),-40} {kind.Histogram[b]}"));
            }

            var table = new Table().AddColumn("Threshold").AddColumn($"{kind.Kind} findings").AddColumn("All findings written");
            if (kind.Kind == Core.Findings.FindingKind.Mislabel)
            {
                table.AddColumn(kind.Calibrated ? "Expected share of true errors" : "Mean score (uncalibrated)");
            }

            foreach (var row in kind.Rows)
            {
                var marker = row.Threshold == kind.Effective ? " (effective)" : row.Threshold == kind.Configured ? " (configured)" : "";
                var cells = new List<string>
                {
                    string.Create(CultureInfo.InvariantCulture, $"{row.Threshold:0.###}{marker}"),
                    row.Findings.ToString(CultureInfo.InvariantCulture),
                    row.Written.ToString(CultureInfo.InvariantCulture),
                };
                if (kind.Kind == Core.Findings.FindingKind.Mislabel)
                {
                    cells.Add(row.ExpectedErrorShare is { } share ? share.ToString("P0", CultureInfo.InvariantCulture) : "-");
                }

                table.AddRow([.. cells.Select(Markup.Escape)]);
            }

            console.Write(table);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> SetAsync(IAnsiConsole console, IServiceProvider services, string project, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<ThresholdSettings>();
        var name = parseResult.GetRequiredValue(Name);
        if (parseResult.GetValue(Clear))
        {
            var cleared = await settings.ClearAsync(project, name, cancellationToken);
            if (cleared.Refusal is not null)
            {
                console.MarkupLineInterpolated($"[red]{TerminalText.Escape(cleared.Problem)}[/]");
                return ExitCodes.ConfigurationError;
            }

            console.MarkupLineInterpolated($"[green]{name}[/]: override removed; the configured value applies from the next sweep.");
            return ExitCodes.Success;
        }

        if (parseResult.GetValue(Value) is not { } value)
        {
            console.MarkupLine("[red]Give --value NUMBER, or --clear.[/]");
            return ExitCodes.ConfigurationError;
        }

        var by = parseResult.GetValue(By) is { Length: > 0 } named ? named : Environment.UserName;
        var change = await settings.SetAsync(project, name, value, $"{by} (cli)", cancellationToken);
        if (change.Override is not { } stored)
        {
            console.MarkupLineInterpolated($"[red]{TerminalText.Escape(change.Problem)}[/]");
            return ExitCodes.ConfigurationError;
        }

        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[green]{stored.Name} = {stored.Value}[/] for {TerminalText.Escape(stored.Project)}, set by {TerminalText.Escape(stored.SetBy)}; applies from the next sweep.");
        return ExitCodes.Success;
    }

    private static void WriteValues(IAnsiConsole console, IReadOnlyList<KindPreview> kinds)
    {
        var table = new Table().AddColumn("Threshold").AddColumn("Configured").AddColumn("Override").AddColumn("Next sweep uses");
        foreach (var kind in kinds)
        {
            table.AddRow(
                Markup.Escape(kind.Threshold),
                kind.Configured.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(OverrideText(kind.Override)),
                kind.Effective.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    public static string OverrideText(ThresholdOverride? entry) => entry is null
        ? "-"
        : TerminalText.Escape(string.Create(CultureInfo.InvariantCulture, $"{entry.Value} by {entry.SetBy} at {entry.SetAt:yyyy-MM-dd HH:mm} UTC"));
}
