using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LabelBridge.Core.Storage;

namespace LabelBridge.Core.Sweeps;

/// <summary>A stage checkpoint too large for one buffer (the analysis and the report: about 110 and 190 MB of JSON at 1M
/// annotations), serialised straight into parts of at most <see cref="BytesPerPart"/> bytes kept beside the sweep, with a
/// small index as the stage checkpoint; read back as a stream over the parts.</summary>
/// <remarks>Serialised whole, such a checkpoint needs one buffer grown by doubling to its size (and the store another
/// copy), on top of the object it holds: at 1M annotations that was the sweep's peak memory. In parts, the writer holds
/// one part at a time, and a reader deserialises from the parts in turn. The parts are written before the stage is
/// recorded complete, so a worker killed between them leaves the stage incomplete and the next run writes them again by
/// name; the index says how many parts belong to it, so a part left over from a longer earlier attempt is never read.
/// A checkpoint written whole (before parts existed) still reads: its first property is not the index's.</remarks>
public static class PartedCheckpoint
{
    /// <summary>8 MB of JSON per part.</summary>
    public const int BytesPerPart = 8 << 20;

    /// <summary>The index's only property name; no checkpointed record has a property of that name.</summary>
    private const string IndexProperty = "checkpointParts";

    /// <summary>Serialises <paramref name="value"/> into parts, then completes <paramref name="stage"/> with their index.</summary>
    public static async Task WriteAsync<T>(ISweepStore store, long sweepId, SweepStage stage, T value, CancellationToken cancellationToken, int bytesPerPart = BytesPerPart)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerPart, 1);
        int parts;
        long bytes;
        await using (var stream = new PartWriter(store, sweepId, stage, bytesPerPart))
        {
            await JsonSerializer.SerializeAsync(stream, value, SweepCheckpoints.Json, cancellationToken);
            await stream.FlushPartAsync(cancellationToken);
            (parts, bytes) = (stream.Parts, stream.Length);
        }

        var index = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, long> { [IndexProperty] = parts, ["bytes"] = bytes });
        await store.CompleteStageAsync(sweepId, stage, index, cancellationToken);
    }

    /// <summary>The stage's checkpoint, deserialised from its parts (or from itself when written whole); null when the stage
    /// has none.</summary>
    public static async Task<T?> ReadAsync<T>(ISweepStore store, long sweepId, SweepStage stage, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetCheckpointAsync(sweepId, stage, cancellationToken) is not { } checkpoint)
        {
            return null;
        }

        await using var stream = Open(store, sweepId, stage, checkpoint);
        return await JsonSerializer.DeserializeAsync<T>(stream, SweepCheckpoints.Json, cancellationToken)
            ?? throw new InvalidDataException($"Checkpoint of {typeof(T).Name} is empty.");
    }

    /// <summary>The stage's checkpoint JSON as a sequence of its parts (for forward-only readers that skip most of it);
    /// null when the stage has none.</summary>
    public static async Task<ReadOnlySequence<byte>?> ReadBytesAsync(ISweepStore store, long sweepId, SweepStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetCheckpointAsync(sweepId, stage, cancellationToken) is not { } checkpoint)
        {
            return null;
        }

        if (PartsOf(checkpoint) is not { } count)
        {
            return new ReadOnlySequence<byte>(checkpoint);
        }

        Segment? first = null;
        Segment? last = null;
        for (var index = 0; index < count; index++)
        {
            var part = await GetPartAsync(store, sweepId, stage, index, count, cancellationToken);
            last = last is null ? first = new Segment(part, 0) : last.Append(part);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    /// <summary>How many parts the index <paramref name="checkpoint"/> names, or null when the checkpoint was written whole.</summary>
    internal static int? PartsOf(byte[] checkpoint)
    {
        var reader = new Utf8JsonReader(checkpoint);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read()
            || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(IndexProperty) || !reader.Read())
        {
            return null;
        }

        return reader.GetInt32();
    }

    internal static string PartName(SweepStage stage, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{stage.ToString().ToLowerInvariant()}/{index}");

    private static Stream Open(ISweepStore store, long sweepId, SweepStage stage, byte[] checkpoint) =>
        PartsOf(checkpoint) is { } count ? new PartReader(store, sweepId, stage, count) : new MemoryStream(checkpoint, writable: false);

    private static async Task<byte[]> GetPartAsync(ISweepStore store, long sweepId, SweepStage stage, int index, int count, CancellationToken cancellationToken) =>
        await store.GetSweepPartAsync(sweepId, PartName(stage, index), cancellationToken)
            ?? throw new InvalidDataException($"Sweep {sweepId}'s {stage} checkpoint names {count} parts, part {index} is missing.");

    /// <summary>Collects what the serialiser writes into parts of a fixed size, each kept in the store when full.</summary>
    private sealed class PartWriter(ISweepStore store, long sweepId, SweepStage stage, int bytesPerPart) : Stream
    {
        private byte[] part = new byte[bytesPerPart];
        private int filled;
        private long length;

        public int Parts { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (buffer.Length > 0)
            {
                var take = Math.Min(buffer.Length, part.Length - filled);
                buffer.Span[..take].CopyTo(part.AsSpan(filled));
                (filled, length, buffer) = (filled + take, length + take, buffer[take..]);
                if (filled == part.Length)
                {
                    await FlushPartAsync(cancellationToken);
                }
            }
        }

        /// <summary>Keeps what has been written since the last part as the next part (nothing when that is empty).</summary>
        public async Task FlushPartAsync(CancellationToken cancellationToken)
        {
            if (filled == 0)
            {
                return;
            }

            // A whole array, so the store keeps it without copying; a fresh one for the next part, as the store may hold it.
            var data = filled == part.Length ? part : part[..filled];
            await store.PutSweepPartAsync(sweepId, PartName(stage, Parts), data, cancellationToken);
            Parts++;
            if (filled == part.Length)
            {
                part = new byte[bytesPerPart];
            }

            filled = 0;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Written asynchronously only.");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Reads the parts in turn, holding one at a time.</summary>
    private sealed class PartReader(ISweepStore store, long sweepId, SweepStage stage, int count) : Stream
    {
        private byte[] part = [];
        private int position;
        private int next;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (position == part.Length)
            {
                if (next == count)
                {
                    return 0;
                }

                part = await GetPartAsync(store, sweepId, stage, next, count, cancellationToken);
                (position, next) = (0, next + 1);
            }

            var take = Math.Min(buffer.Length, part.Length - position);
            part.AsSpan(position, take).CopyTo(buffer.Span);
            position += take;
            return take;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously only.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var segment = new Segment(memory, RunningIndex + Memory.Length);
            Next = segment;
            return segment;
        }
    }
}
