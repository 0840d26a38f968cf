using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace LabelBridge.Host.Logging;

/// <summary>One line per entry, like the simple console formatter's single-line mode, with every control character in
/// the message and exception escaped (<see cref="TerminalText"/>): a request path or label name can neither forge a log
/// line nor drive the terminal.</summary>
internal sealed class EscapingConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "labelbridge";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(TerminalText.Escape(message));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(TerminalText.Escape(exception.ToString()));
        }

        textWriter.WriteLine();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
