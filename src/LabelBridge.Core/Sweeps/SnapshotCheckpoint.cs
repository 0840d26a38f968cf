using System.Text.Json;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>The snapshot stage's checkpoint in pieces: the project (labels, items, problems) in the stage checkpoint, its
/// annotations in parts of at most <see cref="AnnotationsPerPart"/> kept beside it.</summary>
/// <remarks>At 1M annotations the snapshot as one JSON document is about 380 MB, serialised in one buffer, copied by the
/// store and read back whole by every reader (the resumed sweep, the triage page, each embedding shard). In parts, no
/// buffer holds more than one part, and a reader that needs some items only (an embedding shard) reads only the parts
/// that hold their annotations. The parts are written before the stage is recorded complete, so a worker killed between
/// them leaves the stage incomplete and the next run reads the platform again, overwriting the parts by name; the stage
/// checkpoint says how many parts belong to it, so a part left over from a longer earlier attempt is never read.
/// A checkpoint written whole (before parts existed) still reads.</remarks>
public static class SnapshotCheckpoint
{
    /// <summary>About 19 MB of JSON per part.</summary>
    public const int AnnotationsPerPart = 50_000;

    /// <summary>Writes the parts, then completes the snapshot stage with the project and the parts' index.</summary>
    public static async Task WriteAsync(ISweepStore store, long sweepId, ProjectSnapshot snapshot, int annotationsPerPart, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(annotationsPerPart, 1);
        var annotations = snapshot.Annotations;
        var parts = new List<IReadOnlyList<string>>();
        for (var start = 0; start < annotations.Count; start += annotationsPerPart)
        {
            // Copied by index: Skip would walk from the start for a list that is not an IList<T>.
            var part = new Annotation[Math.Min(annotationsPerPart, annotations.Count - start)];
            for (var i = 0; i < part.Length; i++)
            {
                part[i] = annotations[start + i];
            }

            await store.PutSweepPartAsync(sweepId, PartName(parts.Count), SweepCheckpoints.Serialize<IReadOnlyList<Annotation>>(part), cancellationToken);
            parts.Add([.. part.Select(a => a.ItemKey).Distinct(StringComparer.Ordinal)]);
        }

        var header = new SnapshotHeader(snapshot with { Annotations = [] }, annotations.Count, parts);
        await store.CompleteStageAsync(sweepId, SweepStage.Snapshot, SweepCheckpoints.Serialize(header), cancellationToken);
    }

    /// <summary>The sweep's snapshot, or null when its snapshot stage has no checkpoint.</summary>
    public static async Task<ProjectSnapshot?> ReadAsync(ISweepStore store, long sweepId, CancellationToken cancellationToken) =>
        await store.GetCheckpointAsync(sweepId, SweepStage.Snapshot, cancellationToken) is { } checkpoint
            ? await ReadAsync(store, sweepId, checkpoint, null, cancellationToken)
            : null;

    /// <summary>The snapshot of which <paramref name="checkpoint"/> is the stage checkpoint; with <paramref name="items"/>,
    /// only those items and their annotations (snapshot order), reading only the parts that hold them.</summary>
    public static async Task<ProjectSnapshot> ReadAsync(
        ISweepStore store, long sweepId, byte[] checkpoint, IReadOnlySet<string>? items, CancellationToken cancellationToken)
    {
        var header = SweepCheckpoints.Deserialize<SnapshotHeader>(checkpoint);
        if (header.Snapshot is null)
        {
            // Written whole, before parts existed: its root is the snapshot itself.
            var whole = SweepCheckpoints.Deserialize<ProjectSnapshot>(checkpoint);
            if (items is null)
            {
                return whole;
            }

            var (selectedItems, selectedAnnotations) = EmbeddingShards.Select(whole, items);
            return whole with { Items = selectedItems, Annotations = selectedAnnotations };
        }

        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var annotations = new List<Annotation>(items is null ? header.AnnotationCount : 0);
        for (var index = 0; index < header.Parts.Count; index++)
        {
            if (items is not null && !header.Parts[index].Any(items.Contains))
            {
                continue;
            }

            var data = await store.GetSweepPartAsync(sweepId, PartName(index), cancellationToken)
                ?? throw new InvalidDataException($"Sweep {sweepId}'s snapshot checkpoint names {header.Parts.Count} parts, part {index} is missing.");
            foreach (var annotation in JsonSerializer.Deserialize<List<Annotation>>(data, SweepCheckpoints.Json) ?? [])
            {
                if (items is null || items.Contains(annotation.ItemKey))
                {
                    annotations.Add(Shared(annotation, strings));
                }
            }
        }

        if (items is null && annotations.Count != header.AnnotationCount)
        {
            throw new InvalidDataException($"Sweep {sweepId}'s snapshot checkpoint has {annotations.Count} annotations in its parts, its index says {header.AnnotationCount}.");
        }

        var snapshot = header.Snapshot with { Annotations = annotations };
        return items is null ? snapshot : snapshot with { Items = [.. snapshot.Items.Where(i => items.Contains(i.Key))] };
    }

    internal static string PartName(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"snapshot/{index}");

    /// <summary>The annotation with its repeated strings (item key, label, object type, annotator) shared with earlier
    /// ones: read from JSON, each annotation would hold its own copies, about a third of the snapshot's memory at 1M.</summary>
    private static Annotation Shared(Annotation annotation, Dictionary<string, string> strings)
    {
        var origin = annotation.Origin;
        return annotation with
        {
            ItemKey = Intern(annotation.ItemKey, strings),
            Label = Intern(annotation.Label, strings),
            Origin = origin with
            {
                ObjectType = Intern(origin.ObjectType, strings),
                Control = origin.Control is null ? null : Intern(origin.Control, strings),
                Target = origin.Target is null ? null : Intern(origin.Target, strings),
                Annotator = origin.Annotator is null ? null : Intern(origin.Annotator, strings),
            },
        };
    }

    private static string Intern(string value, Dictionary<string, string> strings)
    {
        if (strings.TryGetValue(value, out var kept))
        {
            return kept;
        }

        strings[value] = value;
        return value;
    }
}

/// <summary>The snapshot stage's checkpoint: the project without its annotations, how many there are, and the item keys
/// whose annotations each part holds (part i is <see cref="SnapshotCheckpoint.PartName"/>(i)).</summary>
/// <remarks>No property shares a name with one of <see cref="ProjectSnapshot"/>'s, so a checkpoint written whole reads as a
/// header without a snapshot.</remarks>
internal sealed record SnapshotHeader(ProjectSnapshot? Snapshot, int AnnotationCount, IReadOnlyList<IReadOnlyList<string>> Parts);
