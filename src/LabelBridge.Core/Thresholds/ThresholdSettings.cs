using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;

namespace LabelBridge.Core.Thresholds;

/// <summary>Sets and clears an admin's threshold overrides, checked by the configuration's own rules.</summary>
/// <remarks>The override is stored, not written into the configuration: the configured value stays the default and
/// shows beside it, and clearing the override brings it back. Sweeps read overrides when their analysis starts, so a
/// change applies from the next sweep.</remarks>
public sealed class ThresholdSettings(ProjectCatalog catalog, ILabelBridgeStore store, TimeProvider time)
{
    /// <summary>Stores <paramref name="value"/> for <paramref name="name"/>, or returns why not.</summary>
    /// <param name="projectName">A configured project.</param>
    /// <param name="name">One of <see cref="ThresholdNames.Overridable"/> (any case).</param>
    /// <param name="value">The new value.</param>
    /// <param name="setBy">Who sets it; required, kept with the value.</param>
    /// <param name="cancellationToken">Cancels the store write.</param>
    public async Task<ThresholdChange> SetAsync(string projectName, string name, double value, string setBy, CancellationToken cancellationToken)
    {
        var (project, canonical, problem) = Resolve(projectName, name);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(setBy))
        {
            return ThresholdChange.Refused(ThresholdRefusal.Invalid, "Say who sets the threshold (by).");
        }

        var index = catalog.Projects.ToList().IndexOf(project!);
        var problems = new List<ConfigProblem>();
        ThresholdRules.Check(ThresholdNames.With(project!.Thresholds, canonical!, value), $"Projects[{index}].Thresholds.", problems);
        var own = problems.Where(p => p.Key.EndsWith("." + canonical, StringComparison.Ordinal)).ToList();
        if (own.Count > 0)
        {
            return ThresholdChange.Refused(ThresholdRefusal.Invalid, string.Join("; ", own.Select(p => p.ToString())));
        }

        var entry = new ThresholdOverride(project.Name, canonical!, value, setBy.Trim(), time.GetUtcNow());
        await store.SaveThresholdOverrideAsync(entry, cancellationToken);
        return new ThresholdChange(entry, null, null);
    }

    /// <summary>Removes the override, so the configured value applies from the next sweep.</summary>
    public async Task<ThresholdChange> ClearAsync(string projectName, string name, CancellationToken cancellationToken)
    {
        var (project, canonical, problem) = Resolve(projectName, name);
        if (problem is not null)
        {
            return problem;
        }

        await store.DeleteThresholdOverrideAsync(project!.Name, canonical!, cancellationToken);
        return new ThresholdChange(null, null, null);
    }

    /// <summary>The configured value, the override and the value sweeps use, for every overridable threshold.</summary>
    public async Task<IReadOnlyList<ThresholdValue>?> ListAsync(string projectName, CancellationToken cancellationToken)
    {
        var project = catalog.FindProject(projectName);
        if (project is null)
        {
            return null;
        }

        var overrides = await store.GetThresholdOverridesAsync(project.Name, cancellationToken);
        return Values(project.Thresholds, overrides);
    }

    public static IReadOnlyList<ThresholdValue> Values(AnalysisThresholds configured, IReadOnlyList<ThresholdOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return [.. ThresholdNames.Overridable.Select(name =>
        {
            var entry = overrides.FirstOrDefault(o => o.Name == name);
            var configuredValue = ThresholdNames.Get(configured, name);
            return new ThresholdValue(name, configuredValue, entry, entry?.Value ?? configuredValue);
        })];
    }

    /// <summary>Report sentences naming each override a sweep used.</summary>
    public static IEnumerable<string> Notes(AnalysisThresholds configured, IReadOnlyList<ThresholdOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return overrides.Where(o => ThresholdNames.Find(o.Name) is not null).Select(o => string.Create(CultureInfo.InvariantCulture,
            $"{o.Name} {o.Value} is an override set by {o.SetBy} at {o.SetAt:yyyy-MM-dd HH:mm} UTC (configured {ThresholdNames.Get(configured, o.Name)})."));
    }

    private (ProjectOptions? Project, string? Name, ThresholdChange? Problem) Resolve(string projectName, string name)
    {
        var project = catalog.FindProject(projectName);
        if (project is null)
        {
            return (null, null, ThresholdChange.Refused(ThresholdRefusal.UnknownProject, $"Project '{projectName}' is not configured."));
        }

        var canonical = ThresholdNames.Find(name);
        return canonical is null
            ? (project, null, ThresholdChange.Refused(ThresholdRefusal.Invalid,
                $"'{name}' cannot be overridden; thresholds that can: {string.Join(", ", ThresholdNames.Overridable)}."))
            : (project, canonical, null);
    }
}

/// <summary>Why a threshold change was refused.</summary>
public enum ThresholdRefusal
{
    UnknownProject,
    Invalid,
}

/// <summary>The stored override after a change (null after a clear), or why it was refused.</summary>
public sealed record ThresholdChange(ThresholdOverride? Override, ThresholdRefusal? Refusal, string? Problem)
{
    public static ThresholdChange Refused(ThresholdRefusal refusal, string problem) => new(null, refusal, problem);
}

/// <summary>One threshold: the configured value, an admin's override of it, and the value the next sweep uses.</summary>
public sealed record ThresholdValue(string Name, double Configured, ThresholdOverride? Override, double Effective);
