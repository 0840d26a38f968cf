using System.CommandLine;

namespace LabelBridge.Host.Cli;

/// <summary>The one executable, many verbs.</summary>
internal static class LabelBridgeCli
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("LabelBridge: embedding-based label QA for CVAT and Label Studio")
        {
            CommonOptions.Config,
            DoctorCommand.Create(context),
            ConfigCommand.Create(context),
            SweepCommand.Create(context),
            DemoCommand.Create(context),
            ServeCommand.Create(context),
            ModelsCommand.Create(context),
            HealthCommand.Create(context),
            ThresholdsCommand.Create(context),
        };
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var invocation = new InvocationConfiguration
        {
            Output = new SpectreTextWriter(context.Console),
            Error = new SpectreTextWriter(context.Console),
        };
        return Create(context).Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}
