using System.CommandLine;
using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Cli;

internal static class CommonOptions
{
    public static Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = $"Configuration file (default: ${ConfigurationLoader.PathVariable} or {ConfigurationLoader.DefaultPath})",
        Recursive = true,
    };
}
