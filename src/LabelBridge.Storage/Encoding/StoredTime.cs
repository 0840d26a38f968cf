using System.Globalization;

namespace LabelBridge.Storage.Encoding;

/// <summary>Timestamps as stored: fixed-width ISO-8601 UTC text with all seven fractional digits.</summary>
/// <remarks>Text keeps every tick (PostgreSQL's timestamptz keeps only microseconds), reads the same in both
/// databases, and sorts chronologically because the width is fixed.</remarks>
internal static class StoredTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? ToText(DateTimeOffset? value) => value is { } v ? ToText(v) : null;

    public static DateTimeOffset FromText(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public static DateTimeOffset? FromNullableText(string? text) => text is null ? null : FromText(text);
}
