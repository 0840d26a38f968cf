using System.CommandLine;
using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Logging;
using LabelBridge.Host.Reports;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge sweep</c>: one sweep now, of a configured project or of any project given by URL, token and id.</summary>
internal static partial class SweepCommand
{
    private static readonly Option<string?> Project = new("--project", "-p") { Description = "Name of a configured project" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Write nothing to the platform; report only" };
    private static readonly Option<string?> ReportDirectory = new("--report") { Description = "Directory for report.json and report.html (default .data/reports/<project>/<sweep>)" };
    private static readonly Option<string?> Platform = new("--platform") { Description = "One-off: cvat or label-studio" };
    private static readonly Option<string?> Url = new("--url") { Description = "One-off: the platform's base URL" };
    private static readonly Option<string?> TokenEnv = new("--token-env") { Description = "One-off: environment variable holding the token" };
    private static readonly Option<string?> ProjectId = new("--project-id") { Description = "One-off: the project's id on the platform" };
    private static readonly Option<string?> WriteBack = new("--write-back") { Description = "One-off: none (default), markers, or markers+relabel" };

    public static Command Create(CliContext context)
    {
        var command = new Command("sweep", "Run one QA sweep now and write its report")
        {
            Project, DryRun, ReportDirectory, Platform, Url, TokenEnv, ProjectId, WriteBack,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var oneOff = parseResult.GetValue(Url) is not null || parseResult.GetValue(ProjectId) is not null || parseResult.GetValue(Platform) is not null;
        var (configuration, projectName, writeBack) = oneOff
            ? OneOffConfiguration(parseResult)
            : (ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config)), parseResult.GetValue(Project), (WriteBackMode?)null);

        if (!oneOff && string.IsNullOrWhiteSpace(projectName))
        {
            context.Console.MarkupLine("[red]Name a project with --project NAME, or give --platform, --url, --token-env and --project-id for a one-off sweep.[/]");
            return ExitCodes.ConfigurationError;
        }

        if (!configuration.IsValid)
        {
            ConfigProblemsTable.Write(context.Console, configuration);
            return ExitCodes.ConfigurationError;
        }

        if (configuration.Options.FindProject(projectName!) is null)
        {
            var known = string.Join(", ", configuration.Options.Projects.Select(p => p.Name));
            context.Console.MarkupLineInterpolated($"[red]Project '{projectName}' is not configured[/] (configured: {known}).");
            return ExitCodes.ConfigurationError;
        }

        if (parseResult.GetValue(DryRun))
        {
            writeBack = WriteBackMode.DryRun;
        }

        // Checked before the sweep, not after its write-back: a report that cannot be written must not cost a sweep.
        if (ReportDirectoryProblem(parseResult.GetValue(ReportDirectory)) is { } reportProblem)
        {
            context.Console.MarkupLineInterpolated($"[red]--report:[/] {TerminalText.Escape(reportProblem)}");
            return ExitCodes.ConfigurationError;
        }

        var services = context.BuildServices(configuration.Options);
        try
        {
            var sweeps = services.GetRequiredService<ProjectSweeps>();
            var outcome = await SweepProgressDisplay.RunAsync(context.Console,
                progress => sweeps.RunAsync(projectName!, "manual", writeBack, progress, cancellationToken));
            return await ReportAsync(context.Console, outcome, parseResult.GetValue(ReportDirectory), cancellationToken);
        }
        finally
        {
            if (services is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static async Task<int> ReportAsync(IAnsiConsole console, SweepOutcome outcome, string? reportDirectory, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case SweepStatus.Paused:
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Sweep {outcome.SweepId} paused: the platform is unavailable.[/] {TerminalText.Escape(outcome.Error)}");
                console.MarkupLine("Fix the connection and run the sweep again: it resumes where it stopped.");
                return ExitCodes.PlatformUnavailable;
            case SweepStatus.Failed:
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Sweep {outcome.SweepId} failed:[/] {TerminalText.Escape(outcome.Error)}");
                return ExitCodes.Failure;
            case SweepStatus.Running:
                // Another process (a serve worker on the same store) claimed the sweep while this one ran it.
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]Sweep {outcome.SweepId} stopped here:[/] {TerminalText.Escape(outcome.Error)}");
                return ExitCodes.Failure;
        }

        var report = outcome.Report!;
        var directory = reportDirectory ?? Path.Combine(".data", "reports", report.Project, report.SweepId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var files = await ReportWriter.WriteAsync(report, directory, cancellationToken);
        SweepSummary.Write(console, report, files);
        return ExitCodes.Success;
    }

    private static string? ReportDirectoryProblem(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return null;
        }

        if (File.Exists(directory))
        {
            return $"'{directory}' is a file; give a directory for report.json and report.html";
        }

        try
        {
            Directory.CreateDirectory(directory);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"cannot create '{directory}': {exception.Message}";
        }
    }

    private static (LoadedConfiguration, string, WriteBackMode?) OneOffConfiguration(ParseResult parseResult)
    {
        var problems = new List<ConfigProblem>();
        var kindText = parseResult.GetValue(Platform);
        var kind = PlatformKind.Cvat;
        if (kindText is null || !EnumNames.TryParse(typeof(PlatformKind), kindText, out var parsedKind))
        {
            problems.Add(new("--platform", $"'{kindText}' must be one of: {EnumNames.Display(typeof(PlatformKind))}"));
        }
        else
        {
            kind = (PlatformKind)parsedKind!;
        }

        var writeBackText = parseResult.GetValue(WriteBack) ?? "none";
        WriteBackMode writeBack = WriteBackMode.DryRun;
        if (!string.Equals(writeBackText, "none", StringComparison.OrdinalIgnoreCase))
        {
            if (EnumNames.TryParse(typeof(WriteBackMode), writeBackText, out var parsedMode))
            {
                writeBack = (WriteBackMode)parsedMode!;
            }
            else
            {
                problems.Add(new("--write-back", $"'{writeBackText}' must be none, markers or markers+relabel"));
            }
        }

        var urlText = parseResult.GetValue(Url);
        Uri.TryCreate(urlText, UriKind.Absolute, out var url);
        if (url is null && urlText is not null)
        {
            problems.Add(new("--url", $"'{urlText}' is not an absolute URL like https://cvat.example.org"));
        }

        var tokenEnv = parseResult.GetValue(TokenEnv);
        if (string.IsNullOrWhiteSpace(tokenEnv))
        {
            problems.Add(new("--token-env", "is required: the name of the environment variable holding the token"));
        }
        else if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(tokenEnv)))
        {
            problems.Add(new("--token-env", new SecretResolver().TryResolve(new SecretOptions { Env = tokenEnv }, out var tokenProblem) is null
                ? tokenProblem! : "the environment variable is set but empty"));
        }

        var remoteId = parseResult.GetValue(ProjectId) ?? "";
        var (options, name) = OneOffOptions(kind, url, tokenEnv, remoteId, writeBack, Environment.GetEnvironmentVariables());
        problems.AddRange(LabelBridgeOptionsValidator.Problems(options)
            .Select(p => p with { Key = p.Key.Replace("Platforms[0].Url", "--url", StringComparison.Ordinal).Replace("Projects[0].RemoteProjectId", "--project-id", StringComparison.Ordinal) }));
        return (new LoadedConfiguration("(command line)", options, problems.DistinctBy(p => p.Key).ToList()), name, writeBack);
    }

    /// <summary>The configuration of a one-off sweep: the <c>LABELBRIDGE_</c> environment overrides (store location,
    /// embedding, ...) as for a configured sweep, plus one platform and one project named after the server.</summary>
    /// <remarks>The name carries the server's identity because the store keys markers, decisions and history by project
    /// name: project 1 on two servers must not share them, or the second server's findings read as dismissed.</remarks>
    internal static (LabelBridgeOptions Options, string ProjectName) OneOffOptions(
        PlatformKind kind, Uri? url, string? tokenEnv, string remoteId, WriteBackMode writeBack, System.Collections.IDictionary environment)
    {
        var server = url is { IsAbsoluteUri: true } ? NameSafe().Replace(ServerIdentity.Of(url), "-").Trim('-') : "unknown-server";
        var platformName = $"one-off-{server}";
        var name = $"{EnumNames.ToKebab(kind.ToString())}-{server}-{remoteId}";
        var options = new ConfigurationBuilder()
            .AddInMemoryCollection(ConfigurationLoader.EnvironmentOverrides(environment))
            .Build()
            .Get<LabelBridgeOptions>() ?? new LabelBridgeOptions();
        options.Platforms = [new PlatformOptions { Name = platformName, Kind = kind, Url = url, Credentials = new SecretOptions { Env = tokenEnv } }];
        options.Projects = [new ProjectOptions { Name = name, Platform = platformName, RemoteProjectId = remoteId, WriteBack = writeBack }];
        return (options, name);
    }

    [System.Text.RegularExpressions.GeneratedRegex("[^A-Za-z0-9]+", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex NameSafe();
}
