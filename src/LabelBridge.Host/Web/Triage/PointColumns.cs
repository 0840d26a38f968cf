using System.Buffers.Binary;

namespace LabelBridge.Host.Web.Triage;

/// <summary>The plot's points as columns of little-endian numbers in base64: 200k points are a few megabytes that the
/// page turns into typed arrays without parsing one JSON object per point. Index i is the point's id everywhere.</summary>
internal sealed record PointColumns(
    int Count,
    IReadOnlyList<string> Labels,
    string X,
    string Y,
    string Label,
    string Kind,
    string Score,
    string Population,
    IReadOnlyList<string> AnnotationKeys,
    IReadOnlyList<string?> FindingKeys)
{
    public static PointColumns Of(TriageSweep sweep)
    {
        var points = sweep.Report.Points;
        var count = points.Count;
        var labelIndex = Index(sweep.Labels);
        var kindIndex = sweep.Kinds.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i);
        var populationIndex = Index(sweep.Populations);
        var x = new byte[count * 4];
        var y = new byte[count * 4];
        var label = new byte[count * 2];
        var kind = new byte[count];
        var score = new byte[count * 4];
        var population = new byte[count];
        var annotationKeys = new string[count];
        var findingKeys = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var point = points[i];
            BinaryPrimitives.WriteSingleLittleEndian(x.AsSpan(i * 4), point.X);
            BinaryPrimitives.WriteSingleLittleEndian(y.AsSpan(i * 4), point.Y);
            BinaryPrimitives.WriteUInt16LittleEndian(label.AsSpan(i * 2), checked((ushort)labelIndex[point.Label]));
            kind[i] = point.Kind is { } k ? (byte)checked((sbyte)kindIndex[k]) : unchecked((byte)(sbyte)-1);
            BinaryPrimitives.WriteSingleLittleEndian(score.AsSpan(i * 4), point.FindingKey is null ? 0f : (float)point.Score);
            population[i] = checked((byte)populationIndex[sweep.PopulationOf(point.AnnotationKey)]);
            annotationKeys[i] = point.AnnotationKey;
            findingKeys[i] = point.FindingKey;
        }

        return new PointColumns(count, sweep.Labels, Convert.ToBase64String(x), Convert.ToBase64String(y), Convert.ToBase64String(label),
            Convert.ToBase64String(kind), Convert.ToBase64String(score), Convert.ToBase64String(population), annotationKeys, findingKeys);
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> values) =>
        values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
}
