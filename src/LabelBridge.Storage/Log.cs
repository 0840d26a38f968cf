using Microsoft.Extensions.Logging;

namespace LabelBridge.Storage;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Store schema migrated to version {Version} ({Description}) on {Provider}")]
    public static partial void MigrationApplied(this ILogger logger, string provider, int version, string description);

    [LoggerMessage(2, LogLevel.Debug, "Store schema is current at version {Version} on {Provider}")]
    public static partial void SchemaCurrent(this ILogger logger, string provider, int version);

    [LoggerMessage(3, LogLevel.Warning, "Skipped {Count} cached embeddings of model {ModelFingerprint} whose stored length does not match their dimension; they will be recomputed")]
    public static partial void CorruptEmbeddingsSkipped(this ILogger logger, string modelFingerprint, int count);
}
