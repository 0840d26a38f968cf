using Microsoft.Extensions.Logging;

namespace LabelBridge.Core.Configuration;

/// <summary>How much LabelBridge logs. <c>LABELBRIDGE_Logging__Level</c> sets it from the environment, like every other
/// setting; <c>LABELBRIDGE_LOG_LEVEL</c> is its short form.</summary>
public sealed class LoggingOptions : IOptionsSection<LoggingOptions>
{
    public static string SectionName => "Logging";

    public static LoggingOptions Of(LabelBridgeOptions configuration) => configuration?.Logging ?? throw new ArgumentNullException(nameof(configuration));

    /// <summary>The lowest level written: Trace, Debug, Information, Warning, Error, Critical or None. Default: Warning for
    /// the CLI verbs (Information also logs each stage's time and the analysis' time), Information for <c>serve</c>.</summary>
    public LogLevel? Level { get; set; }
}
