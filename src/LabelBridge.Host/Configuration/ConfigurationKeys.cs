using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Configuration;

internal static partial class ConfigurationKeys
{
    /// <summary><c>Projects:2:Schedule</c> → <c>Projects[2].Schedule</c>.</summary>
    public static string ToDisplay(string path)
    {
        var parts = path.Split(':');
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                builder.Append('[').Append(part).Append(']');
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(part);
            }
        }

        return builder.ToString();
    }

    /// <summary>Gives the problems of bound list entries the index they have in the file. An entry the shape check
    /// dropped (an object written as a plain value) leaves a gap the binder closes, so without this every later entry's
    /// problems would be reported one entry too early.</summary>
    /// <param name="problems">Problems keyed by the index of the bound list.</param>
    /// <param name="values">The configuration paths that were bound (<c>Projects:2:Name</c>).</param>
    public static IEnumerable<ConfigProblem> InFileIndices(IEnumerable<ConfigProblem> problems, IEnumerable<string> values)
    {
        var kept = values
            .Select(path => path.Split(':'))
            .Where(parts => parts.Length > 2 && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            .GroupBy(parts => parts[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.Select(parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToArray(),
                StringComparer.OrdinalIgnoreCase);
        foreach (var problem in problems)
        {
            var match = BoundIndex().Match(problem.Key);
            if (match.Success && kept.TryGetValue(match.Groups["section"].Value, out var indices)
                && int.TryParse(match.Groups["index"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bound)
                && bound < indices.Length)
            {
                yield return problem with { Key = $"{match.Groups["section"].Value}[{indices[bound]}]{problem.Key[match.Length..]}" };
            }
            else
            {
                yield return problem;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<section>[A-Za-z]+)\[(?<index>\d+)\]", System.Text.RegularExpressions.RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex BoundIndex();
}
