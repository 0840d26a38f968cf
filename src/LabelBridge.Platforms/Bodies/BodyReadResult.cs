namespace LabelBridge.Platforms.Bodies;

/// <summary>Why a body read did not deliver the whole body.</summary>
internal enum BodyReadFailure
{
    None,

    /// <summary>More bytes than the limit, announced or sent.</summary>
    TooLarge,

    /// <summary>Fewer bytes than Content-Length announced.</summary>
    Truncated,

    /// <summary>The connection broke during the transfer.</summary>
    CutOff,

    /// <summary>The whole read took longer than its deadline.</summary>
    DeadlineExceeded,

    /// <summary>A window of the transfer brought less than the minimum rate.</summary>
    TooSlow,
}

/// <summary>The bytes of a body, or why there are none; <see cref="Describe"/> names the problem for a report.</summary>
internal sealed record BodyReadResult(byte[]? Bytes, BodyReadFailure Failure, long BytesRead, long? Announced, BodyReadLimits Limits)
{
    public bool Succeeded => Failure == BodyReadFailure.None;

    /// <summary>A sentence about <paramref name="what"/> (e.g. "frame 3 of job 7") for the sweep report.</summary>
    public string Describe(string what) => Failure switch
    {
        BodyReadFailure.None => $"{what} was read ({BytesRead} bytes)",
        BodyReadFailure.TooLarge => $"{what} is {Math.Max(BytesRead, Announced ?? 0)} bytes or more, above {Limits.SizeSetting} ({Limits.MaxBytes}); raise the limit if such answers are expected",
        BodyReadFailure.Truncated => $"{what} arrived truncated, cut short at {BytesRead} of {Announced} bytes; the next sweep tries again",
        BodyReadFailure.CutOff => $"the transfer of {what} was cut short after {BytesRead} bytes (the connection broke); the next sweep tries again",
        BodyReadFailure.DeadlineExceeded => $"{what} was not transferred within {Limits.Deadline.TotalSeconds:0.#} s (BodyReadTimeout; {BytesRead} bytes arrived); the server or network is stalling, the next sweep tries again",
        BodyReadFailure.TooSlow => $"{what} arrived slower than {Limits.MinimumBytesPerSecond} bytes/s over {Limits.RateWindow.TotalSeconds:0.#} s (MinimumTransferRate, TransferRateWindow; {BytesRead} bytes arrived); the server or network is stalling, the next sweep tries again",
        _ => $"{what} could not be read",
    };
}
