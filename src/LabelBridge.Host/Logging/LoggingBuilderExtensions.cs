namespace LabelBridge.Host.Logging;

internal static class LoggingBuilderExtensions
{
    /// <summary>The console log every verb writes: one escaped line per entry, and no request URLs — ASP.NET's and
    /// HttpClient's per-request lines carry query strings (signed image URLs, tokens a client put there), so they are
    /// kept to warnings.</summary>
    public static ILoggingBuilder AddLabelBridgeConsole(this ILoggingBuilder logging)
    {
        logging.AddConsole(console => console.FormatterName = EscapingConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<EscapingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        return logging;
    }
}
