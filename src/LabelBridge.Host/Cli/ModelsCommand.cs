using System.CommandLine;
using LabelBridge.Core.Configuration;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Host.Configuration;

using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge models install-default</c>: imports the default model from its npm package.</summary>
internal static class ModelsCommand
{
    private static readonly Option<string?> ModelDirectory = new("--model-dir") { Description = "Model directory (default: Embedding.ModelDirectory, .models)" };

    public static Command Create(CliContext context)
    {
        var install = new Command("install-default", "Import the default model (mobilenet_v2_mid from the npm package nsfwjs@4.3.0) into the model directory")
        {
            ModelDirectory,
        };
        install.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(ModelDirectory)
                ?? ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config)).Options.Embedding.ModelDirectory;
            try
            {
                var installer = context.BuildServices(new LabelBridgeOptions()).GetRequiredService<DefaultModelInstaller>();
                var result = await installer.InstallAsync(directory, cancellationToken: cancellationToken);
                context.Console.MarkupLineInterpolated($"[green]{result.Outcome}[/]: {result.OnnxPath} (fingerprint {result.Fingerprint})");
                return ExitCodes.Success;
            }
            catch (ModelInstallException exception)
            {
                context.Console.MarkupLineInterpolated($"[red]Could not install the default model ({exception.Reason}):[/] {exception.Message}");
                return ExitCodes.Failure;
            }
        });
        return new Command("models", "Manage embedding models") { install };
    }
}
