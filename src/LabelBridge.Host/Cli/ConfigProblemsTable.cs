using LabelBridge.Host.Configuration;
using LabelBridge.Host.Logging;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

internal static class ConfigProblemsTable
{
    public static void Write(IAnsiConsole console, LoadedConfiguration configuration)
    {
        if (configuration.IsValid)
        {
            console.MarkupLineInterpolated($"[green]Configuration OK[/]: {configuration.Path}");
            return;
        }

        console.MarkupLineInterpolated($"[red]{configuration.Problems.Count} configuration problem(s)[/] in {configuration.Path}:");
        var table = new Table().AddColumn("Key").AddColumn("Problem and fix");
        foreach (var problem in configuration.Problems)
        {
            table.AddRow(Markup.Escape(TerminalText.Escape(problem.Key)), Markup.Escape(TerminalText.Escape(problem.Message)));
        }

        console.Write(table);
    }
}
