using System.CommandLine;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Thresholds;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Logging;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge config check</c>: validates the configuration and lists every problem, then the threshold
/// overrides an admin stored beside the configured values.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var check = new Command("check", "Validate the configuration and list every problem with its key and fix");
        check.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config));
            ConfigProblemsTable.Write(context.Console, configuration);
            if (!configuration.IsValid)
            {
                return ExitCodes.ConfigurationError;
            }

            await WriteOverridesAsync(context, configuration, cancellationToken);
            return ExitCodes.Success;
        });

        return new Command("config", "Inspect the configuration") { check };
    }

    /// <summary>Overrides win over the configured thresholds, so the check shows them; a store that cannot be read is
    /// named, not a configuration error.</summary>
    private static async Task WriteOverridesAsync(CliContext context, LoadedConfiguration configuration, CancellationToken cancellationToken)
    {
        if (configuration.Options.Projects.Count == 0)
        {
            return;
        }

        // A check never creates or migrates a store: one that does not exist yet has no overrides.
        var store = configuration.Options.Store;
        if (store.Provider == Core.Configuration.StoreProvider.Sqlite && !File.Exists(store.SqlitePath))
        {
            context.Console.MarkupLine("No threshold overrides: the store does not exist yet, so every project uses its configured thresholds.");
            return;
        }

        var services = context.BuildServices(configuration.Options);
        try
        {
            var overridesStore = services.GetRequiredService<ILabelBridgeStore>();
            var table = new Table().AddColumn("Project").AddColumn("Threshold").AddColumn("Configured").AddColumn("Override (used by the next sweep)");
            var any = false;
            foreach (var project in configuration.Options.Projects)
            {
                var overrides = await overridesStore.GetThresholdOverridesAsync(project.Name, cancellationToken);
                foreach (var value in ThresholdSettings.Values(project.Thresholds, overrides).Where(v => v.Override is not null))
                {
                    any = true;
                    table.AddRow(Markup.Escape(TerminalText.Escape(project.Name)), value.Name,
                        value.Configured.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(ThresholdsCommand.OverrideText(value.Override)));
                }
            }

            if (any)
            {
                context.Console.MarkupLine("Threshold overrides (set with [bold]labelbridge thresholds set[/] or the triage page):");
                context.Console.Write(table);
            }
            else
            {
                context.Console.MarkupLine("No threshold overrides: every project uses its configured thresholds.");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception's type only: a database message may carry a connection string.
            context.Console.MarkupLineInterpolated(
                $"[yellow]Threshold overrides could not be read from the store[/] ({TerminalText.Escape(exception.GetType().Name)}); a store of an older version has none until a sweep or serve migrates it.");
        }
        finally
        {
            if (services is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
