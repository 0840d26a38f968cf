using LabelBridge.Core.Platforms;

namespace LabelBridge.Host;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Triage: {Verdict} finding {FindingKey} of project {Project}")]
    public static partial void TriageDecision(ILogger logger, string project, string findingKey, DecisionVerdict verdict);
}
