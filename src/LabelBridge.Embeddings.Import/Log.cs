using Microsoft.Extensions.Logging;

namespace LabelBridge.Embeddings.Import;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Model {ModelName} is already installed at {OnnxPath} (fingerprint {Fingerprint})")]
    public static partial void ModelAlreadyPresent(this ILogger logger, string modelName, string onnxPath, string fingerprint);

    [LoggerMessage(2, LogLevel.Information, "Installing model {ModelName} from npm package {PackageSpec} into {ModelDirectory}")]
    public static partial void InstallStarting(this ILogger logger, string modelName, string packageSpec, string modelDirectory);

    [LoggerMessage(3, LogLevel.Information, "Package {PackageSpec} verified against its published integrity")]
    public static partial void PackageVerified(this ILogger logger, string packageSpec);

    [LoggerMessage(4, LogLevel.Information, "Installed {OnnxPath} ({Bytes} bytes, fingerprint {Fingerprint}) in {ElapsedMs:F0} ms")]
    public static partial void ModelInstalled(this ILogger logger, string onnxPath, long bytes, string fingerprint, double elapsedMs);
}
