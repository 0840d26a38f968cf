using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>What a sweep leaves behind that a team would see: its findings, and the review markers on the platform
/// (CVAT issues with their marker, frame and position; Label Studio LabelBridge predictions with their regions).</summary>
internal sealed record PlatformState(IReadOnlyList<string> Findings, IReadOnlyList<string> Markers)
{
    public static PlatformState Of(SweepHarness harness, SweepReport report, bool cvat)
    {
        var findings = report.Findings
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {f.Kind} {f.Score:0.000000} {f.SuggestedLabel}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new PlatformState(findings, MarkersOf(harness, cvat));
    }

    /// <summary>The review markers on the platform, as a team would see them.</summary>
    public static IReadOnlyList<string> MarkersOf(SweepHarness harness, bool cvat) =>
        cvat
            ? harness.Cvat.Model.Issues
                .Select(i => string.Create(CultureInfo.InvariantCulture,
                    $"{FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id))} job {i.JobId} frame {i.Frame} at {string.Join(',', i.Position)}"))
                .Order(StringComparer.Ordinal)
                .ToList()
            : harness.LabelStudio.Model.Predictions(projectId: harness.Project.ProjectId)
                .Where(p => p.ModelVersion == "labelbridge-qa")
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"task {p.Task} score {p.Score} {p.Result.ToJsonString()}"))
                .Order(StringComparer.Ordinal)
                .ToList();

    public static void AssertSame(PlatformState expected, PlatformState actual)
    {
        Assert.NotEmpty(expected.Findings);
        Assert.NotEmpty(expected.Markers);
        Assert.Equal(expected.Findings, actual.Findings);
        Assert.Equal(expected.Markers, actual.Markers);
    }
}
