using LabelBridge.Core.Platforms;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Core;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Triage: {Verdict} finding {FindingKey} of project {Project}")]
    public static partial void ReviewDecision(ILogger logger, string project, string findingKey, DecisionVerdict verdict);

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage: relabelled the annotation of finding {FindingKey} of project {Project} from {OldLabel} to {NewLabel}")]
    public static partial void Relabelled(ILogger logger, string project, string findingKey, string oldLabel, string newLabel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage: relabel of finding {FindingKey} of project {Project} not made ({Status})")]
    public static partial void RelabelRefused(ILogger logger, string project, string findingKey, RelabelStatus status);
}
