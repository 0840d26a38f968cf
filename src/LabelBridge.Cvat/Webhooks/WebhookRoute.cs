namespace LabelBridge.Cvat.Webhooks;

/// <summary>Where a CVAT delivery leads: a remote project to sweep, nothing (LabelBridge's own write), or a named problem.</summary>
internal sealed record WebhookRoute(string? ProjectId, bool OwnWrite, string? Problem)
{
    public static WebhookRoute To(string projectId) => new(projectId, false, null);

    public static WebhookRoute FromLabelBridge { get; } = new(null, true, null);

    public static WebhookRoute Unresolved(string problem) => new(null, false, problem);
}
