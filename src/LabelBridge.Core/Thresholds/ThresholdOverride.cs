namespace LabelBridge.Core.Thresholds;

/// <summary>An admin's value for one of a project's thresholds, used by sweeps instead of the configured one.</summary>
/// <param name="Project">Configured project name.</param>
/// <param name="Name">One of <see cref="ThresholdNames.Overridable"/>.</param>
/// <param name="Value">Checked by the same rules as the configuration.</param>
/// <param name="SetBy">Who set it, as they named themselves (the page, the API body or the CLI's <c>--by</c>), with the channel.</param>
/// <param name="SetAt">When.</param>
public sealed record ThresholdOverride(string Project, string Name, double Value, string SetBy, DateTimeOffset SetAt);
