using System.CommandLine;
using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge config check</c>: validates the configuration and lists every problem.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var check = new Command("check", "Validate the configuration and list every problem with its key and fix");
        check.SetAction(parseResult =>
        {
            var configuration = ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config));
            ConfigProblemsTable.Write(context.Console, configuration);
            return configuration.IsValid ? ExitCodes.Success : ExitCodes.ConfigurationError;
        });

        return new Command("config", "Inspect the configuration") { check };
    }
}
