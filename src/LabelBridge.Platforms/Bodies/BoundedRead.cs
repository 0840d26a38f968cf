namespace LabelBridge.Platforms.Bodies;

/// <summary>The one way LabelBridge reads a body it did not write: never more than a limit into memory, never longer
/// than a deadline, never slower than a minimum rate.</summary>
/// <remarks>A platform's request timeout covers the answer's headers only; a frame served one byte every few seconds would
/// otherwise keep a sweep (and in <c>serve</c> the project's only sweep slot) busy forever. Each check ends the read
/// with a named failure for that one item; only the caller's own cancellation throws.</remarks>
internal static class BoundedRead
{
    private const int ChunkSize = 81920;

    /// <summary>Reads <paramref name="content"/> within <paramref name="limits"/>, checking Content-Length first.</summary>
    public static async Task<BodyReadResult> ReadAsync(HttpContent content, BodyReadLimits limits, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var announced = content.Headers.ContentLength;
        if (announced > limits.MaxBytes)
        {
            return new BodyReadResult(null, BodyReadFailure.TooLarge, 0, announced, limits);
        }

        var result = await ReadCoreAsync(token => content.ReadAsStreamAsync(token), announced, limits, timeProvider, cancellationToken);
        return result.Succeeded && announced is { } expected && expected != result.BytesRead
            ? result with { Bytes = null, Failure = BodyReadFailure.Truncated }
            : result;
    }

    /// <summary>Reads a stream someone else opened (a request body) within <paramref name="limits"/>.</summary>
    public static Task<BodyReadResult> ReadAsync(Stream stream, long? announced, BodyReadLimits limits, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        announced > limits.MaxBytes
            ? Task.FromResult(new BodyReadResult(null, BodyReadFailure.TooLarge, 0, announced, limits))
            : ReadCoreAsync(_ => Task.FromResult(stream), announced, limits, timeProvider, cancellationToken, disposeStream: false);

    private static async Task<BodyReadResult> ReadCoreAsync(
        Func<CancellationToken, Task<Stream>> open,
        long? announced,
        BodyReadLimits limits,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        bool disposeStream = true)
    {
        using var deadline = limits.Deadline == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(limits.Deadline, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var rate = new TransferRateWatch(limits, timeProvider, linked);
        long total = 0;
        using var buffer = new MemoryStream();
        try
        {
            var stream = await open(linked.Token);
            try
            {
                var chunk = new byte[ChunkSize];
                int read;
                while ((read = await stream.ReadAsync(chunk, linked.Token)) > 0)
                {
                    total += read;
                    rate.Add(read);
                    if (total > limits.MaxBytes)
                    {
                        return new BodyReadResult(null, BodyReadFailure.TooLarge, total, announced, limits);
                    }

                    await buffer.WriteAsync(chunk.AsMemory(0, read), linked.Token);
                }
            }
            finally
            {
                if (disposeStream)
                {
                    await stream.DisposeAsync();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException
            && !cancellationToken.IsCancellationRequested
            && (e is not OperationCanceledException || rate.TooSlow || deadline.IsCancellationRequested))
        {
            var failure = rate.TooSlow ? BodyReadFailure.TooSlow
                : deadline.IsCancellationRequested ? BodyReadFailure.DeadlineExceeded
                : BodyReadFailure.CutOff;
            return new BodyReadResult(null, failure, total, announced, limits);
        }

        return new BodyReadResult(buffer.ToArray(), BodyReadFailure.None, total, announced, limits);
    }
}
