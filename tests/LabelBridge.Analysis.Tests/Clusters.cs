using LabelBridge.Core.Configuration;

namespace LabelBridge.Analysis.Tests;

/// <summary>Small hand-made populations: tight clusters around orthogonal directions, one per label.</summary>
internal sealed class Clusters
{
    private readonly List<float[]> _rows = [];
    private readonly List<string> _keys = [];
    private readonly List<string> _labels = [];
    private readonly Random _random = new(7);

    public Clusters(int dimension = 8) => Dimension = dimension;

    public int Dimension { get; }

    public static AnalysisThresholds Thresholds => new() { NeighbourCount = 5 };

    /// <summary>Adds <paramref name="count"/> points near axis <paramref name="axis"/>, keys "{prefix}{i}".</summary>
    public Clusters Add(string label, int axis, int count, string? prefix = null, float spread = 0.05f)
    {
        for (var i = 0; i < count; i++)
        {
            var row = new float[Dimension];
            row[axis] = 1f;
            for (var d = 0; d < Dimension; d++)
            {
                row[d] += spread * (float)((_random.NextDouble() * 2) - 1);
            }

            AddRow($"{prefix ?? label}{i}", label, row);
        }

        return this;
    }

    public Clusters AddRow(string key, string label, float[] row)
    {
        var norm = MathF.Sqrt(row.Sum(v => v * v));
        _rows.Add(norm > 0 ? row.Select(v => v / norm).ToArray() : row);
        _keys.Add(key);
        _labels.Add(label);
        return this;
    }

    public float[] RowOf(string key) => _rows[_keys.IndexOf(key)];

    public AnalysisInput Input(IReadOnlyList<AnnotatedBox>? boxes = null) =>
        new(Dimension, _rows.SelectMany(r => r).ToArray(), [.. _keys], [.. _labels], boxes ?? []);
}
