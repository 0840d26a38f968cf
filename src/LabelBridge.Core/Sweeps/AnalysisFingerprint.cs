using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>What an analysis was computed from, hashed per part, so a sweep whose inputs are all unchanged can reuse the
/// previous sweep's analysis and one whose inputs changed can say which part did.</summary>
/// <remarks>The analysis is a pure, seeded function of exactly these inputs (<see cref="IProjectAnalyzer"/>): the embedder
/// (model fingerprint and dimension), the vectors themselves (so a re-embedded patch counts as a change even under the
/// same key), the annotations in snapshot order (key, item, label, shape, box, version) with the sizes of their items
/// (geometry checks), the effective thresholds including overrides and the seed, and the analyzer's code version.</remarks>
/// <param name="Embedder">Hash of the model fingerprint and dimension.</param>
/// <param name="Annotations">Hash of the annotations and their items' sizes.</param>
/// <param name="Vectors">Hash of the analysed rows' keys and vectors.</param>
/// <param name="Thresholds">Hash of the effective thresholds.</param>
/// <param name="Analyzer">The analyzer's code version.</param>
public sealed record AnalysisFingerprint(string Embedder, string Annotations, string Vectors, string Thresholds, string Analyzer)
{
    /// <summary>Names the parts that differ from <paramref name="previous"/>, in plain words; empty when none does.</summary>
    public IReadOnlyList<string> ChangedSince(AnalysisFingerprint previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var changed = new List<string>();
        if (Embedder != previous.Embedder)
        {
            changed.Add("the embedder");
        }

        if (Annotations != previous.Annotations)
        {
            changed.Add("annotations (labels, boxes or versions)");
        }

        if (Vectors != previous.Vectors && Embedder == previous.Embedder)
        {
            changed.Add("embeddings");
        }

        if (Thresholds != previous.Thresholds)
        {
            changed.Add("thresholds");
        }

        if (Analyzer != previous.Analyzer)
        {
            changed.Add("the analysis code");
        }

        return changed;
    }

    public static AnalysisFingerprint Of(ProjectSnapshot snapshot, EmbeddingSet embeddings, AnalysisThresholds thresholds, string analyzerVersion)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(thresholds);

        using var embedder = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(embedder, embeddings.ModelFingerprint);
        AppendInt(embedder, embeddings.Dimension);

        using var annotations = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sizes = new Dictionary<string, (int Width, int Height)>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items)
        {
            sizes.TryAdd(item.Key, (item.Width, item.Height));
        }

        AppendInt(annotations, snapshot.Annotations.Count);
        foreach (var annotation in snapshot.Annotations)
        {
            AppendString(annotations, annotation.Key);
            AppendString(annotations, annotation.ItemKey);
            AppendString(annotations, annotation.Label);
            AppendInt(annotations, (int)annotation.Shape);
            Span<double> box = [annotation.Box.X, annotation.Box.Y, annotation.Box.Width, annotation.Box.Height];
            annotations.AppendData(MemoryMarshal.AsBytes(box));
            AppendString(annotations, annotation.Version);
            var (width, height) = sizes.GetValueOrDefault(annotation.ItemKey, (-1, -1));
            AppendInt(annotations, width);
            AppendInt(annotations, height);
        }

        using var vectors = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendInt(vectors, embeddings.AnnotationKeys.Count);
        foreach (var key in embeddings.AnnotationKeys)
        {
            AppendString(vectors, key);
        }

        vectors.AppendData(MemoryMarshal.AsBytes(embeddings.Vectors.AsSpan()));

        using var settings = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        settings.AppendData(JsonSerializer.SerializeToUtf8Bytes(thresholds, SweepCheckpoints.Json));

        return new AnalysisFingerprint(Hex(embedder), Hex(annotations), Hex(vectors), Hex(settings), analyzerVersion);
    }

    private static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.</summary>
    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AppendInt(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendInt(IncrementalHash hash, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        hash.AppendData(bytes);
    }
}

/// <summary>Where an analysis came from: the inputs it was computed from, how many of its notes are the analyzer's own
/// (the rest are this sweep's: overrides, reuse), and the sweep that computed it when this one reused it.</summary>
/// <param name="Fingerprint">The inputs.</param>
/// <param name="AnalyzerNotes">The first this many <see cref="ProjectAnalysis.Notes"/> came from the analyzer.</param>
/// <param name="ComputedBySweep">The sweep that ran the analysis; null when this sweep did.</param>
public sealed record AnalysisProvenance(AnalysisFingerprint Fingerprint, int AnalyzerNotes, long? ComputedBySweep = null);
