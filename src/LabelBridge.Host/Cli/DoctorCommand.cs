using System.CommandLine;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Doctor;
using LabelBridge.Host.Logging;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge doctor</c>: checks config, store, model and every platform; exit code 1 on any failure.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("doctor", "Check configuration, store, model files and every platform's reachability and credentials");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config));
            var services = context.BuildServices(configuration.Options);
            try
            {
                var checks = await new DoctorRun(configuration, services).RunAsync(cancellationToken);
                Write(context.Console, checks);
                return checks.Any(c => c.Outcome == DoctorOutcome.Failed) ? ExitCodes.Failure : ExitCodes.Success;
            }
            finally
            {
                if (services is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        });
        return command;
    }

    private static void Write(IAnsiConsole console, IReadOnlyList<DoctorCheck> checks)
    {
        var table = new Table().AddColumn("Area").AddColumn("Subject").AddColumn("Result").AddColumn("Details / fix");
        foreach (var check in checks)
        {
            var outcome = check.Outcome switch
            {
                DoctorOutcome.Ok => "[green]ok[/]",
                DoctorOutcome.Warning => "[yellow]warning[/]",
                _ => "[red]FAILED[/]",
            };
            table.AddRow(Markup.Escape(check.Area), Markup.Escape(TerminalText.Escape(check.Subject)), outcome, Markup.Escape(TerminalText.Escape(check.Detail)));
        }

        console.Write(table);
        var failed = checks.Count(c => c.Outcome == DoctorOutcome.Failed);
        console.MarkupLine(failed == 0 ? "[green]All checks passed.[/]" : $"[red]{failed} check(s) failed.[/]");
    }
}
