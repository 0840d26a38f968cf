using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;

namespace LabelBridge.Core.Sweeps;

/// <summary>One sweep to run: which project, on which connector, and how.</summary>
/// <param name="Project">The project's configuration.</param>
/// <param name="Connector">The connector for the project's platform.</param>
/// <param name="Trigger"><c>schedule</c>, <c>manual</c>, <c>webhook</c>, <c>demo</c>.</param>
/// <param name="WriteBack">Overrides the project's write-back mode (the CLI's <c>--dry-run</c>).</param>
/// <param name="TriageLink">Builds a link to a finding on the triage page, when it is served.</param>
/// <param name="PlatformLink">Builds a deep link to the item in the platform (job + frame, task).</param>
public sealed record SweepRequest(
    ProjectOptions Project,
    IPlatformConnector Connector,
    string Trigger,
    WriteBackMode? WriteBack = null,
    Func<Finding, Uri?>? TriageLink = null,
    Func<Vocabulary.Item, Uri?>? PlatformLink = null)
{
    public WriteBackMode EffectiveWriteBack => WriteBack ?? Project.WriteBack;
}
