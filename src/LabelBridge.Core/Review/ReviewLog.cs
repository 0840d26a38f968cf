using LabelBridge.Core.Platforms;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Core;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Triage: {Verdict} finding {FindingKey} of project {Project}")]
    public static partial void ReviewDecision(ILogger logger, string project, string findingKey, DecisionVerdict verdict);
}
