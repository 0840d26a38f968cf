using System.Globalization;
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
/// <para>The stage checkpoint (the header) names its format (<see cref="Format"/>): a worker that meets a format it does
/// not know, a missing part or one it cannot parse gets a reason instead of a snapshot (<see cref="TryReadAsync"/>), and
/// the sweep reads the project from the platform again rather than failing. Checkpoints written before the format was
/// named still read: the first header in parts (each part's item keys) and the snapshot written whole.</para></remarks>
public static class SnapshotCheckpoint
{
    /// <summary>About 19 MB of JSON per part.</summary>
    public const int AnnotationsPerPart = 50_000;

    /// <summary>The header's format written now: 2 = each part's range of item positions. (1 = each part's item keys, the
    /// format had no name then; a snapshot written whole has no header.)</summary>
    public const int Format = 2;

    /// <summary>Writes the parts, then completes the snapshot stage with the project and the parts' index.</summary>
    public static async Task WriteAsync(ISweepStore store, long sweepId, ProjectSnapshot snapshot, int annotationsPerPart, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(annotationsPerPart, 1);
        var positions = ItemPositions(snapshot.Items);
        var annotations = snapshot.Annotations;
        var parts = new List<SnapshotPart>();
        for (var start = 0; start < annotations.Count; start += annotationsPerPart)
        {
            // Copied by index: Skip would walk from the start for a list that is not an IList<T>.
            var part = new Annotation[Math.Min(annotationsPerPart, annotations.Count - start)];
            var (first, last) = (int.MaxValue, -1);
            for (var i = 0; i < part.Length; i++)
            {
                part[i] = annotations[start + i];
                if (positions.TryGetValue(part[i].ItemKey, out var position))
                {
                    (first, last) = (Math.Min(first, position), Math.Max(last, position));
                }
            }

            await store.PutSweepPartAsync(sweepId, PartName(parts.Count), SweepCheckpoints.Serialize<IReadOnlyList<Annotation>>(part), cancellationToken);
            // No annotation on a listed item: an empty range (last < first), which no reader of some items opens.
            parts.Add(last < 0 ? new SnapshotPart(0, -1, part.Length) : new SnapshotPart(first, last, part.Length));
        }

        var header = new SnapshotHeader(Format, snapshot with { Annotations = [] }, annotations.Count, parts);
        await store.CompleteStageAsync(sweepId, SweepStage.Snapshot, SweepCheckpoints.Serialize(header), cancellationToken);
    }

    /// <summary>The sweep's snapshot, or null when its snapshot stage has no checkpoint.</summary>
    /// <exception cref="InvalidDataException">The checkpoint cannot be read (unknown format, a part missing or unreadable);
    /// the message says why.</exception>
    public static async Task<ProjectSnapshot?> ReadAsync(ISweepStore store, long sweepId, CancellationToken cancellationToken) =>
        await store.GetCheckpointAsync(sweepId, SweepStage.Snapshot, cancellationToken) is { } checkpoint
            ? await ReadAsync(store, sweepId, checkpoint, null, cancellationToken)
            : null;

    /// <summary>The snapshot of which <paramref name="checkpoint"/> is the stage checkpoint; with <paramref name="items"/>,
    /// only those items and their annotations (snapshot order), reading only the parts that hold them.</summary>
    /// <exception cref="InvalidDataException">The checkpoint cannot be read; the message says why.</exception>
    public static async Task<ProjectSnapshot> ReadAsync(
        ISweepStore store, long sweepId, byte[] checkpoint, IReadOnlySet<string>? items, CancellationToken cancellationToken)
    {
        var read = await TryReadAsync(store, sweepId, checkpoint, items, cancellationToken);
        return read.Snapshot ?? throw new InvalidDataException(read.Reason);
    }

    /// <summary>As <see cref="ReadAsync(ISweepStore, long, byte[], IReadOnlySet{string}?, CancellationToken)"/>, with why it
    /// cannot be read (an unknown format, a missing or unparsable part, naming it) as a result instead of an exception.</summary>
    public static async Task<SnapshotReading> TryReadAsync(
        ISweepStore store, long sweepId, byte[] checkpoint, IReadOnlySet<string>? items, CancellationToken cancellationToken)
    {
        SnapshotReading Unreadable(string reason) =>
            new(null, string.Create(CultureInfo.InvariantCulture, $"Sweep {sweepId}'s snapshot checkpoint cannot be read: {reason}."));

        HeaderLayout layout;
        try
        {
            layout = Layout(checkpoint);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            return Unreadable($"its header is not a JSON object ({exception.Message})");
        }

        if (layout.Format is { } format && format != Format)
        {
            return Unreadable(string.Create(CultureInfo.InvariantCulture,
                $"its header is in format {format}, written by another version of LabelBridge; this one reads format {Format} and the formats before it"));
        }

        ProjectSnapshot project;
        int annotationCount;
        IReadOnlyList<Func<IReadOnlySet<string>, bool>> holds;
        IReadOnlyList<int?> partSizes;
        try
        {
            if (layout.Format is null && !layout.HasSnapshot)
            {
                // Written whole, before parts existed: its root is the snapshot itself.
                var whole = SweepCheckpoints.Deserialize<ProjectSnapshot>(checkpoint);
                if (items is null)
                {
                    return new SnapshotReading(whole, null);
                }

                var (selectedItems, selectedAnnotations) = EmbeddingShards.Select(whole, items);
                return new SnapshotReading(whole with { Items = selectedItems, Annotations = selectedAnnotations }, null);
            }

            if (layout.Format is null)
            {
                // The first header in parts, before the format was named: each part's item keys.
                var legacy = SweepCheckpoints.Deserialize<KeyedSnapshotHeader>(checkpoint);
                if (legacy.Snapshot is null || legacy.Parts is null)
                {
                    return Unreadable("its header has no snapshot or no parts");
                }

                (project, annotationCount) = (legacy.Snapshot, legacy.AnnotationCount);
                holds = [.. legacy.Parts.Select(keys => (Func<IReadOnlySet<string>, bool>)(wanted => keys.Any(wanted.Contains)))];
                partSizes = [.. legacy.Parts.Select(_ => (int?)null)];
            }
            else
            {
                var header = SweepCheckpoints.Deserialize<SnapshotHeader>(checkpoint);
                if (header.Snapshot is null || header.Parts is null)
                {
                    return Unreadable("its header has no snapshot or no parts");
                }

                (project, annotationCount) = (header.Snapshot, header.AnnotationCount);
                var positions = items is null ? null : WantedPositions(header.Snapshot.Items, items);
                holds = [.. header.Parts.Select(part => (Func<IReadOnlySet<string>, bool>)(_ => positions is null || part.Holds(positions)))];
                partSizes = [.. header.Parts.Select(part => (int?)part.Annotations)];
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            return Unreadable($"its header does not parse ({exception.Message})");
        }

        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var annotations = new List<Annotation>(items is null ? annotationCount : 0);
        for (var index = 0; index < holds.Count; index++)
        {
            if (items is not null && !holds[index](items))
            {
                continue;
            }

            var name = PartName(index);
            if (await store.GetSweepPartAsync(sweepId, name, cancellationToken) is not { } data)
            {
                return Unreadable(string.Create(CultureInfo.InvariantCulture, $"part {name} of {holds.Count} is missing"));
            }

            List<Annotation> part;
            try
            {
                part = JsonSerializer.Deserialize<List<Annotation>>(data, SweepCheckpoints.Json) ?? [];
            }
            catch (JsonException exception)
            {
                return Unreadable($"part {name} does not parse ({exception.Message})");
            }

            if (partSizes[index] is { } size && part.Count != size)
            {
                return Unreadable(string.Create(CultureInfo.InvariantCulture, $"part {name} holds {part.Count} annotations, the header says {size}"));
            }

            foreach (var annotation in part)
            {
                if (items is null || items.Contains(annotation.ItemKey))
                {
                    annotations.Add(Shared(annotation, strings));
                }
            }
        }

        if (items is null && annotations.Count != annotationCount)
        {
            return Unreadable(string.Create(CultureInfo.InvariantCulture, $"its parts hold {annotations.Count} annotations, its header says {annotationCount}"));
        }

        var snapshot = project with { Annotations = annotations };
        return new SnapshotReading(items is null ? snapshot : snapshot with { Items = [.. snapshot.Items.Where(i => items.Contains(i.Key))] }, null);
    }

    internal static string PartName(int index) => string.Create(CultureInfo.InvariantCulture, $"snapshot/{index}");

    /// <summary>Each item key's position in the snapshot's item list (its first, should a key repeat).</summary>
    private static Dictionary<string, int> ItemPositions(IReadOnlyList<Item> items)
    {
        var positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            positions.TryAdd(items[i].Key, i);
        }

        return positions;
    }

    /// <summary>The positions of the wanted items, sorted; null when one of them is not in the item list (then every part
    /// is read, and the annotations filtered by key as always).</summary>
    private static int[]? WantedPositions(IReadOnlyList<Item> listed, IReadOnlySet<string> wanted)
    {
        var positions = ItemPositions(listed);
        var found = new List<int>(wanted.Count);
        foreach (var key in wanted)
        {
            if (!positions.TryGetValue(key, out var position))
            {
                return null;
            }

            found.Add(position);
        }

        found.Sort();
        return [.. found];
    }

    /// <summary>The header's format and whether it has a snapshot property, from its top-level property names only (the
    /// values are skipped), so a header of another format is recognised without being deserialised.</summary>
    private static HeaderLayout Layout(byte[] checkpoint)
    {
        var reader = new Utf8JsonReader(checkpoint);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("its root is not an object");
        }

        int? format = null;
        var hasSnapshot = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "format", StringComparison.OrdinalIgnoreCase))
            {
                format = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : -1;
            }
            else if (string.Equals(name, "snapshot", StringComparison.OrdinalIgnoreCase))
            {
                hasSnapshot = true;
            }

            reader.Skip();
        }

        return new HeaderLayout(format, hasSnapshot);
    }

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

    private readonly record struct HeaderLayout(int? Format, bool HasSnapshot);
}

/// <summary>A snapshot read from its checkpoint, or why it cannot be (then <see cref="Snapshot"/> is null): the sweep
/// reads the project from the platform again.</summary>
public sealed record SnapshotReading(ProjectSnapshot? Snapshot, string? Reason);

/// <summary>The snapshot stage's checkpoint (format <see cref="SnapshotCheckpoint.Format"/>): the project without its
/// annotations, how many there are, and per part (part i is <see cref="SnapshotCheckpoint.PartName"/>(i)) the range of
/// item positions its annotations are on and how many it holds.</summary>
/// <remarks>Ranges rather than the item keys themselves: the keys are in <see cref="ProjectSnapshot.Items"/> already,
/// and a platform read job by job lists annotations in item order, so a part's range is about its own items.</remarks>
internal sealed record SnapshotHeader(int Format, ProjectSnapshot Snapshot, int AnnotationCount, IReadOnlyList<SnapshotPart> Parts);

/// <summary>One part in the header: its annotations lie on items at positions <see cref="FirstItem"/> to
/// <see cref="LastItem"/> (inclusive; empty when last &lt; first) of the snapshot's item list.</summary>
internal sealed record SnapshotPart(int FirstItem, int LastItem, int Annotations)
{
    /// <summary>Whether one of the sorted <paramref name="positions"/> lies in this part's range.</summary>
    public bool Holds(int[] positions)
    {
        if (LastItem < FirstItem)
        {
            return false;
        }

        var at = Array.BinarySearch(positions, FirstItem);
        return (at >= 0 ? at : ~at) is var next && next < positions.Length && positions[next] <= LastItem;
    }
}

/// <summary>The first header in parts (format 1, unnamed then): each part's item keys. Still read.</summary>
internal sealed record KeyedSnapshotHeader(ProjectSnapshot Snapshot, int AnnotationCount, IReadOnlyList<IReadOnlyList<string>> Parts);
