using System.Globalization;
using Quartz;

namespace LabelBridge.Host.Configuration;

/// <summary>Explains what is wrong with a Quartz cron expression in words an admin can act on.</summary>
internal static class CronSchedule
{
    private static readonly (string Name, int Min, int Max)[] Fields =
    [
        ("second", 0, 59),
        ("minute", 0, 59),
        ("hour", 0, 23),
        ("day of month", 1, 31),
        ("month", 1, 12),
        ("day of week", 1, 7),
        ("year", 1970, 2199),
    ];

    private const string Format = "Quartz cron has 6 or 7 fields: second minute hour day-of-month month day-of-week [year], e.g. \"0 0 2 * * ?\" for 02:00 daily";

    /// <summary>Null when the expression is valid; otherwise the reason and the fix.</summary>
    public static string? Explain(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 6 or > 7)
        {
            return $"has {fields.Length} fields; {Format}";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var number in NumbersIn(fields[i]))
            {
                var (name, min, max) = Fields[i];
                if (number < min || number > max)
                {
                    return $"{name} {number} is out of range ({min}-{max})";
                }
            }
        }

        try
        {
            _ = new CronExpression(expression);
            return null;
        }
        catch (FormatException exception)
        {
            return $"{exception.Message.TrimEnd('.')}; {Format}";
        }
    }

    private static IEnumerable<int> NumbersIn(string field)
    {
        foreach (var part in field.Split([',', '-', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = part.TrimEnd('L', 'W').Split('#')[0];
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit)
                && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && !field.Contains('/', StringComparison.Ordinal))
            {
                yield return value;
            }
        }
    }
}
