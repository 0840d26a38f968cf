using System.Threading.Channels;

namespace LabelBridge.Platforms.Tests.Bodies;

/// <summary>A response body that arrives only when the test sends it, as a stalling server's does; a read waits (honouring
/// its token) until bytes or the end are sent.</summary>
internal sealed class TrickleStream : Stream
{
    private readonly Channel<byte[]> chunks = Channel.CreateUnbounded<byte[]>();
    private byte[] current = [];
    private int offset;
    private long consumed;

    /// <summary>Bytes the reader has taken so far.</summary>
    public long Consumed => Interlocked.Read(ref consumed);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Send(int bytes) => chunks.Writer.TryWrite(new byte[bytes]);

    public void End() => chunks.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (offset == current.Length)
        {
            if (!await chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            current = await chunks.Reader.ReadAsync(cancellationToken);
            offset = 0;
        }

        var count = Math.Min(buffer.Length, current.Length - offset);
        current.AsMemory(offset, count).CopyTo(buffer);
        offset += count;
        Interlocked.Add(ref consumed, count);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Bodies are read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
