namespace LabelBridge.Platforms.Bodies;

/// <summary>A body stream read in place (parsed as it arrives, never buffered whole) that stops at the limits of
/// <see cref="BodyReadLimits"/>: more bytes than allowed, past the deadline, or slower than the minimum rate.</summary>
/// <remarks>Large JSON answers are parsed from this stream, so the memory they take is the parsed objects, and the
/// size cap keeps those bounded too. Each limit throws <see cref="BodyReadException"/>; the caller's own cancellation
/// still throws <see cref="OperationCanceledException"/>.</remarks>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream inner;
    private readonly long? announced;
    private readonly BodyReadLimits limits;
    private readonly CancellationTokenSource deadline;
    private readonly TransferRateWatch rate;
    private long total;

    public BoundedReadStream(Stream inner, long? announced, BodyReadLimits limits, TimeProvider timeProvider)
    {
        this.inner = inner;
        this.announced = announced;
        this.limits = limits;
        deadline = limits.Deadline == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(limits.Deadline, timeProvider);
        rate = new TransferRateWatch(limits, timeProvider, deadline);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => total; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (announced > limits.MaxBytes)
        {
            throw Refused(BodyReadFailure.TooLarge);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw Refused(rate.TooSlow ? BodyReadFailure.TooSlow : BodyReadFailure.DeadlineExceeded);
        }

        total += read;
        rate.Add(read);
        if (total > limits.MaxBytes)
        {
            throw Refused(BodyReadFailure.TooLarge);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Platform bodies are read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rate.Dispose();
            deadline.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }


    private BodyReadException Refused(BodyReadFailure failure) => new(new BodyReadResult(null, failure, total, announced, limits));
}
