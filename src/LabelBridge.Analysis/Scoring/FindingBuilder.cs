using System.Globalization;
using System.Text;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Turns per-row scores into findings with their evidence and a sentence a reviewer reads.</summary>
internal sealed class FindingBuilder(KnnGraph graph, LabelIndex labels, IReadOnlyList<string> keys)
{
    public Finding Mislabel(int row, double score, int suggested, string? learned = null)
    {
        var given = labels.Names[labels.OfRow[row]];
        var reason = Format($"labelled {given}; its {NeighbourCount(row)} nearest neighbours are {LabelCounts(row)}{(learned is null ? "" : "; " + learned)} — score {score:0.00}");
        return Create(FindingKind.Mislabel, row, score, labels.Names[suggested], reason);
    }

    public Finding Outlier(int row, double score, float meanDistance, int averaged)
    {
        var given = labels.Names[labels.OfRow[row]];
        var reason = Format(
            $"labelled {given}; far from everything else: its {averaged} nearest neighbours are on average {meanDistance:0.000} away (cosine distance), farther than {score:P0} of comparable annotations — score {score:0.00}");
        return Create(FindingKind.Outlier, row, score, null, reason);
    }

    /// <param name="row">The member whose label its neighbourhood supports least.</param>
    /// <param name="duplicate">The other member, named as evidence.</param>
    /// <param name="similarity">Their cosine similarity.</param>
    /// <param name="score">The blamed member's mislabel probability.</param>
    /// <param name="blamed">False when the two neighbourhoods support their labels about equally: the finding then
    /// names the pair instead of blaming one.</param>
    public Finding DuplicateConflict(int row, int duplicate, float similarity, double score, bool blamed = true)
    {
        var given = labels.Names[labels.OfRow[row]];
        var other = labels.Names[labels.OfRow[duplicate]];
        var verdict = blamed ? Format($"its own neighbours support {given} less than the other's support {other}") : "neither label is better supported than the other; check both";
        var reason = Format(
            $"labelled {given}; a near-identical annotation ({keys[duplicate]}, similarity {similarity:0.000}) is labelled {other}; {verdict} — score {score:0.00}");
        return Create(FindingKind.DuplicateConflict, row, score, other, reason);
    }

    public static Finding Geometry(GeometryProblem problem)
    {
        var key = problem.Box.AnnotationKey;
        var reason = $"labelled {problem.Box.Label}; {problem.Description} — score {problem.Score.ToString("0.00", CultureInfo.InvariantCulture)}";
        return new Finding(FindingKeys.For(FindingKind.Geometry, key), FindingKind.Geometry, problem.Score, key, problem.Box.Label, null, [], reason);
    }

    private Finding Create(FindingKind kind, int row, double score, string? suggested, string reason)
    {
        var ids = graph.NeighboursOf(row);
        var sims = graph.SimilaritiesOf(row);
        var evidence = new List<NeighbourEvidence>(ids.Length);
        for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
        {
            evidence.Add(new NeighbourEvidence(keys[ids[j]], labels.Names[labels.OfRow[ids[j]]], Math.Round(sims[j], 4)));
        }

        var key = keys[row];
        return new Finding(FindingKeys.For(kind, key), kind, Math.Clamp(score, 0, 1), key, labels.Names[labels.OfRow[row]], suggested, evidence, reason);
    }

    private int NeighbourCount(int row)
    {
        var ids = graph.NeighboursOf(row);
        var count = 0;
        while (count < ids.Length && ids[count] >= 0)
        {
            count++;
        }

        return count;
    }

    /// <summary>"8× T-shirt/top, 2× Shirt": neighbour labels by count, most frequent first.</summary>
    private string LabelCounts(int row)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var ids = graph.NeighboursOf(row);
        for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
        {
            var name = labels.Names[labels.OfRow[ids[j]]];
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        var ordered = counts.ToList();
        ordered.Sort((a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (name, count) in ordered)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{count}× {name}");
        }

        return text.ToString();
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
