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

    /// <summary>Writes the combined row of run row <paramref name="index"/>, taking each part's vector from
    /// <paramref name="partRows"/>, which holds one array per entry of <paramref name="runParts"/>.</summary>
    public void ComposeRow(IReadOnlyList<IPatchEmbedder> runParts, float[][] partRows, int index, Span<float> destination)
    {
        var offset = 0;
        foreach (var part in Parts)
        {
            var source = partRows[IndexOf(runParts, part)].AsSpan(index * part.Dimension, part.Dimension);
            System.Numerics.Tensors.TensorPrimitives.Multiply(source, PartScale, destination.Slice(offset, part.Dimension));
            offset += part.Dimension;
        }
    }

    private static int IndexOf(IReadOnlyList<IPatchEmbedder> parts, IPatchEmbedder part)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (ReferenceEquals(parts[i], part))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Part {part.Name} was not part of the run.");
    }

    /// <summary>Each part's share of a combined row: 1/√parts, so the concatenation of unit vectors has unit length.</summary>
    public float PartScale => 1f / MathF.Sqrt(Parts.Count);
}
