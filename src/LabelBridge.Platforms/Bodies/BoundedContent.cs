using System.Net;

namespace LabelBridge.Platforms.Bodies;

/// <summary>A response body that can only be read through a <see cref="BoundedReadStream"/>, whoever reads it (Refit
/// buffering it, the JSON parser, an error message).</summary>
internal sealed class BoundedContent : HttpContent
{
    private readonly HttpContent inner;
    private readonly BodyReadLimits limits;
    private readonly TimeProvider timeProvider;

    public BoundedContent(HttpContent inner, BodyReadLimits limits, TimeProvider timeProvider)
    {
        this.inner = inner;
        this.limits = limits;
        this.timeProvider = timeProvider;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new BoundedReadStream(await inner.ReadAsStreamAsync(cancellationToken), inner.Headers.ContentLength, limits, timeProvider);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var bounded = await CreateContentReadStreamAsync(cancellationToken);
        await bounded.CopyToAsync(stream, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
