using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Configuration;

/// <summary>The checks every part's configuration validator shares, so a range or a duration is reported in the same
/// words whichever part owns the setting.</summary>
public static partial class ConfigRules
{
    /// <summary><c>Projects[2].Schedule</c>: the key of a list entry's setting as users write it.</summary>
    public static string Index(string collection, int index, string property) => $"{collection}[{index}].{property}";

    /// <summary><c>[2].Schedule</c>: the key of a list entry's setting within a list section (<see cref="ProjectsOptions"/>,
    /// <see cref="PlatformsOptions"/>); the section's registration puts the section's name in front.</summary>
    public static string Item(int index, string property) => $"[{index}].{property}";

    public static void RequireRange(this ICollection<ConfigProblem> problems, string key, double value, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!double.IsFinite(value) || value < min || value > max)
        {
            problems.Add(new(key, $"{Invariant(value)} is out of range ({Invariant(min)} to {Invariant(max)})"));
        }
    }

    public static void RequirePositive(this ICollection<ConfigProblem> problems, string key, TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (value <= TimeSpan.Zero)
        {
            problems.Add(new(key, $"{value} must be a positive duration like 00:00:30"));
        }
    }

    /// <summary>Letters, digits, '-' and '_': names that go into URLs, file names and store keys unchanged.</summary>
    public static bool IsSimpleName(string name) => SimpleName().IsMatch(name);

    public static ValidateOptionsResult ToResult(IReadOnlyCollection<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SimpleName();
}
