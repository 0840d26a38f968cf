using System.IO.Pipelines;
using LabelBridge.Platforms.Bodies;

namespace LabelBridge.Platforms.Tests.Bodies;

/// <summary>The transport's in-place body stream: JSON answers are parsed from it, so its limits are the JSON limits.</summary>
public sealed class BoundedReadStreamTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_body_that_stops_arriving_is_refused_as_too_slow_after_one_window()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { (byte)'[' }, Token);
        var limits = new BodyReadLimits(1024, TimeSpan.FromMinutes(5), 100, TimeSpan.FromSeconds(1), "MaxResponseBytes");
        await using var stream = new BoundedReadStream(pipe.Reader.AsStream(), null, limits, TimeProvider.System);
        var buffer = new byte[16];

        var refused = await Assert.ThrowsAsync<BodyReadException>(async () =>
        {
            while (await stream.ReadAsync(buffer, Token) > 0)
            {
            }
        });

        Assert.Equal(BodyReadFailure.TooSlow, refused.Result.Failure);
        Assert.Equal(1, refused.Result.BytesRead);
    }

    [Fact]
    public async Task A_body_longer_than_its_limit_is_refused_once_the_limit_is_passed()
    {
        await using var stream = new BoundedReadStream(new MemoryStream(new byte[4096]), null, new BodyReadLimits(1000, Timeout.InfiniteTimeSpan, 0, Timeout.InfiniteTimeSpan, "MaxResponseBytes"), TimeProvider.System);
        var buffer = new byte[512];

        var refused = await Assert.ThrowsAsync<BodyReadException>(async () =>
        {
            while (await stream.ReadAsync(buffer, Token) > 0)
            {
            }
        });

        Assert.Equal(BodyReadFailure.TooLarge, refused.Result.Failure);
        Assert.Contains("above MaxResponseBytes (1000)", refused.Result.Describe("the answer"), StringComparison.Ordinal);
    }
}
