namespace LabelBridge.Platforms.Bodies;

/// <summary>A JSON answer was refused while it was being parsed: too large, too slow or past its deadline.</summary>
/// <remarks>Thrown from inside the deserializer, so Refit hands it back as the response's error instead of a value; the
/// connector then names the one job or page whose answer it was (<see cref="BodyReadResult.Describe"/>).</remarks>
internal sealed class BodyReadException(BodyReadResult result)
    : IOException($"the answer was refused after {result.BytesRead} bytes ({result.Failure})")
{
    public BodyReadResult Result { get; } = result;

    /// <summary>The refusal behind a Refit response's error, if that is what it was.</summary>
    public static BodyReadResult? Of(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is BodyReadException refused)
            {
                return refused.Result;
            }
        }

        return null;
    }
}
