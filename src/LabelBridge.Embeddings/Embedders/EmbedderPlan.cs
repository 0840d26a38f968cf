using System.Security.Cryptography;
using System.Text;
using LabelBridge.Embeddings.Patches;

namespace LabelBridge.Embeddings.Embedders;

/// <summary>One embedder or a combination: the parts' vectors, each L2-normalised, concatenated and scaled so the
/// whole row has unit length.</summary>
/// <remarks>Parts are cached on their own, so a combination costs nothing extra once its parts are cached.</remarks>
internal sealed class EmbedderPlan
{
    public EmbedderPlan(IReadOnlyList<IPatchEmbedder> parts, CropSettings crop)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        Parts = parts;
        Name = string.Join('+', parts.Select(p => p.Name));
        Dimension = parts.Sum(p => p.Dimension);
        var identity = string.Join('|', parts.Select(p => p.Fingerprint)) + "|" + crop.ToKeyString();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
    }

    public string Name { get; }

    public IReadOnlyList<IPatchEmbedder> Parts { get; }

    public int Dimension { get; }

    /// <summary>Identifies the parts, their weights and input sizes, and the crop settings.</summary>
    public string Fingerprint { get; }

    /// <summary>Writes the combined row from <paramref name="runRow"/>, a row of a run over <paramref name="runParts"/>
    /// (each part's vector side by side, in that order). <paramref name="destination"/> may be <paramref name="runRow"/>
    /// itself when the run's parts are this plan's, in its order: each part is then scaled where it is.</summary>
    public void ComposeRow(IReadOnlyList<IPatchEmbedder> runParts, ReadOnlySpan<float> runRow, Span<float> destination)
    {
        var offset = 0;
        foreach (var part in Parts)
        {
            var source = runRow.Slice(OffsetIn(runParts, part), part.Dimension);
            System.Numerics.Tensors.TensorPrimitives.Multiply(source, PartScale, destination.Slice(offset, part.Dimension));
            offset += part.Dimension;
        }
    }

    /// <summary>Turns rows laid out as this plan's parts side by side (as a run over <see cref="Parts"/> leaves them) into
    /// the plan's rows where they are: each present row scaled and moved down over the absent ones before it. Returns the
    /// buffer itself when every row is present, else a trimmed copy (the only second array made, and then the N×D buffer and
    /// the copy are alive together). Consumes <paramref name="rows"/>: it holds the scaled, compacted rows afterwards.</summary>
    public float[] ComposeInPlace(float[] rows, bool[] present)
    {
        var width = Dimension;
        if (rows.Length != present.Length * width)
        {
            throw new InvalidOperationException($"{rows.Length} floats are not {present.Length} rows of {width}.");
        }

        var kept = 0;
        for (var i = 0; i < present.Length; i++)
        {
            if (!present[i])
            {
                continue;
            }

            // The row moves down (kept <= i: the two spans are the same or do not overlap); one part has scale 1.
            var from = rows.AsSpan(i * width, width);
            var to = rows.AsSpan(kept * width, width);
            // Every part has the same scale, so the whole row is scaled at once: a part named twice ("pixel+pixel")
            // would otherwise be read back from a slot already scaled.
            if (Parts.Count > 1)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(from, PartScale, to);
            }
            else if (kept != i)
            {
                from.CopyTo(to);
            }

            kept++;
        }

        if (kept * width != rows.Length)
        {
            Array.Resize(ref rows, kept * width);
        }

        return rows;
    }

    private static int OffsetIn(IReadOnlyList<IPatchEmbedder> parts, IPatchEmbedder part)
    {
        var offset = 0;
        foreach (var candidate in parts)
        {
            if (ReferenceEquals(candidate, part))
            {
                return offset;
            }

            offset += candidate.Dimension;
        }

        throw new InvalidOperationException($"Part {part.Name} was not part of the run.");
    }

    /// <summary>Each part's share of a combined row: 1/√parts, so the concatenation of unit vectors has unit length.</summary>
    public float PartScale => 1f / MathF.Sqrt(Parts.Count);
}
