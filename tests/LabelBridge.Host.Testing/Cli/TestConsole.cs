using LabelBridge.Host.Cli;
using Spectre.Console;

namespace LabelBridge.Host.Tests.Cli;

/// <summary>Runs the CLI in-process with a plain, wide console whose output the test reads.</summary>
internal static class TestConsole
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        var exitCode = await LabelBridgeCli.RunAsync(args, CliContext.Default() with { Console = console }, TestContext.Current.CancellationToken);
        return (exitCode, writer.ToString());
    }
}
