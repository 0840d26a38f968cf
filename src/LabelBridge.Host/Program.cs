using LabelBridge.Host.Cli;

return await LabelBridgeCli.RunAsync(args, CliContext.Default(), CancellationToken.None);
