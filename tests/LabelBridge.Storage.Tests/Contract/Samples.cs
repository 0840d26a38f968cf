using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;

namespace LabelBridge.Storage.Tests.Contract;

/// <summary>Record values with every awkward corner a store could lose: sub-millisecond ticks, non-UTC offsets,
/// null suggestions, unicode, long-fraction doubles.</summary>
internal static class Samples
{
    public const string Project = "retail-shelves";

    public static DateTimeOffset Time(int minute) =>
        new DateTimeOffset(2026, 3, 14, 9, minute, 53, TimeSpan.FromHours(2)).AddTicks(5_358_979);

    public static StoredFinding Mislabel(long sweepId, string annotationKey, double score) => new(
        sweepId,
        new Finding(
            FindingKeys.For(FindingKind.Mislabel, annotationKey),
            FindingKind.Mislabel,
            score,
            annotationKey,
            "Shirt",
            "T-shirt/top",
            [
                new NeighbourEvidence("cvat:7:12:3", "T-shirt/top", 0.9876543210987654),
                new NeighbourEvidence("cvat:7:15:1", "T-shirt/top", 1e-7),
                new NeighbourEvidence("cvat:7:18:9", "Shirt — \"long\" ✓", -0.25),
            ],
            "labelled Shirt; its 10 nearest neighbours are 8× T-shirt/top — score 0.91"),
        "v-2026-03-14T09:00",
        "cvat:7:12");

    public static StoredFinding Geometry(long sweepId, string annotationKey) => new(
        sweepId,
        new Finding(
            FindingKeys.For(FindingKind.Geometry, annotationKey),
            FindingKind.Geometry,
            0.1 + 0.2,
            annotationKey,
            "Bag",
            null,
            [],
            "box is 1×2 pixels"),
        "v1",
        "ls:4:88");

    public static MarkerRecord Marker(string findingKey, string markerId, bool resolved) =>
        new(Project, findingKey, "cvat:7:12:3", markerId, "Shirt", Time(20), resolved);

    public static DecisionRecord Decision(string findingKey, DecisionVerdict verdict, string version) =>
        new(Project, findingKey, "cvat:7:12:3", version, verdict, "triage", Time(30));

    public static float[] Vector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }
}
