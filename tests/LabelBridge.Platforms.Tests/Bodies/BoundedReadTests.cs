using LabelBridge.Platforms.Bodies;
using Microsoft.Extensions.Time.Testing;

namespace LabelBridge.Platforms.Tests.Bodies;

/// <summary>The one bounded body read, on a fake clock: deadlines and the minimum rate fire when the test moves time,
/// never by waiting.</summary>
public sealed class BoundedReadTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task A_body_announced_above_the_limit_is_refused_before_a_byte_is_read()
    {
        using var content = new ByteArrayContent(new byte[100]);

        var result = await BoundedRead.ReadAsync(content, BodyReadLimits.SizeOnly(99), clock, Cancel);

        Assert.Equal(BodyReadFailure.TooLarge, result.Failure);
        Assert.Equal(0, result.BytesRead);
        Assert.Contains("above MaxImageBytes (99)", result.Describe("frame 3"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unannounced_body_is_cut_off_as_soon_as_it_passes_the_limit()
    {
        var body = new TrickleStream();
        body.Send(60);
        body.Send(60);
        body.Send(60);

        var result = await BoundedRead.ReadAsync(body, announced: null, BodyReadLimits.SizeOnly(100), clock, Cancel);

        Assert.Equal(BodyReadFailure.TooLarge, result.Failure);
        Assert.Null(result.Bytes);
        Assert.Equal(120, result.BytesRead);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_truncated_not_delivered()
    {
        using var content = new ByteArrayContent(new byte[50]);
        content.Headers.ContentLength = 80;

        var result = await BoundedRead.ReadAsync(content, BodyReadLimits.SizeOnly(1000), clock, Cancel);

        Assert.Equal(BodyReadFailure.Truncated, result.Failure);
        Assert.Null(result.Bytes);
        Assert.Contains("cut short at 50 of 80 bytes", result.Describe("frame 3"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_body_ends_at_its_deadline_with_what_had_arrived()
    {
        var body = new TrickleStream();
        var limits = new BodyReadLimits(1000, TimeSpan.FromSeconds(30), 0, Timeout.InfiniteTimeSpan);
        var read = BoundedRead.ReadAsync(body, null, limits, clock, Cancel);
        body.Send(10);
        await Poll.UntilAsync(() => body.Consumed == 10, "the first bytes are read");

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await read;

        Assert.Equal(BodyReadFailure.DeadlineExceeded, result.Failure);
        Assert.Equal(10, result.BytesRead);
        Assert.Contains("not transferred within 30 s", result.Describe("frame 3"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_that_brings_less_than_the_minimum_rate_ends_the_read_as_too_slow()
    {
        var body = new TrickleStream();
        var limits = new BodyReadLimits(1_000_000, Timeout.InfiniteTimeSpan, MinimumBytesPerSecond: 100, RateWindow: TimeSpan.FromSeconds(5));
        var read = BoundedRead.ReadAsync(body, null, limits, clock, Cancel);

        body.Send(600);
        await Poll.UntilAsync(() => body.Consumed == 600, "the first window's bytes are read");
        clock.Advance(TimeSpan.FromSeconds(5));
        body.Send(499);
        await Poll.UntilAsync(() => body.Consumed == 1099, "the second window's bytes are read");
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await read;

        Assert.Equal(BodyReadFailure.TooSlow, result.Failure);
        Assert.Equal(1099, result.BytesRead);
        Assert.Contains("slower than 100 bytes/s over 5 s", result.Describe("frame 3"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_keeps_the_minimum_rate_is_delivered_whole_however_long_it_takes()
    {
        var body = new TrickleStream();
        var limits = new BodyReadLimits(1_000_000, Timeout.InfiniteTimeSpan, MinimumBytesPerSecond: 100, RateWindow: TimeSpan.FromSeconds(5));
        var read = BoundedRead.ReadAsync(body, null, limits, clock, Cancel);
        for (var window = 1; window <= 20; window++)
        {
            body.Send(500);
            await Poll.UntilAsync(() => body.Consumed == 500 * window, "the window's bytes are read");
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        body.End();
        var result = await read;

        Assert.True(result.Succeeded, result.Describe("the body"));
        Assert.Equal(10_000, result.Bytes!.Length);
    }

    [Fact]
    public async Task The_callers_own_cancellation_throws_instead_of_becoming_a_failed_read()
    {
        var body = new TrickleStream();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var read = BoundedRead.ReadAsync(body, null, new BodyReadLimits(1000, TimeSpan.FromSeconds(30), 10, TimeSpan.FromSeconds(1)), clock, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
