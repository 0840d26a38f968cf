using Microsoft.Extensions.Logging;

namespace LabelBridge.Embeddings;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project}, {Parts} embedder part(s): {Hits} cached, {Misses} to embed")]
    public static partial void CacheChecked(ILogger logger, string project, int parts, int hits, int misses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image of item {ItemKey} rejected: {Reason}")]
    public static partial void ImageRejected(ILogger logger, string itemKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} cannot be used: {Reason}")]
    public static partial void ModelUnusable(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project}: auto chose {Embedder}. {Figures}")]
    public static partial void AutoChose(ILogger logger, string project, string embedder, string figures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project}: {Embedded} patches embedded, {Hits} from cache, {Problems} problems")]
    public static partial void Embedded(ILogger logger, string project, int embedded, int hits, int problems);
}
