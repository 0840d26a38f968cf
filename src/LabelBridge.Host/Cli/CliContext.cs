using LabelBridge.Core.Configuration;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary>What every verb gets: the console to write to, the environment, time, and how to build the worker's services.</summary>
internal sealed record CliContext(
    IAnsiConsole Console,
    TimeProvider Time,
    Func<LabelBridgeOptions, IServiceProvider> BuildServices)
{
    public static CliContext Default() => new(AnsiConsole.Console, TimeProvider.System, WorkerServices.Build);
}
