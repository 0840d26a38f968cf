using System.Collections;
using System.Globalization;
using System.Reflection;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Configuration;

/// <summary>Walks raw configuration against the options types before binding, so every unknown key and every
/// value of the wrong type is reported at once (the binder would stop at the first), and enum values may be
/// written as admins write them (<c>label-studio</c>).</summary>
internal static class ConfigurationShapeCheck
{
    /// <summary>Settings that existed once and now live elsewhere: named with their new place, not as a typo.</summary>
    private static readonly Dictionary<(Type Section, string Key), string> Moved = new()
    {
        [(typeof(EmbeddingOptions), "MaxImageBytes")] =
            "is set per platform now, where the image download enforces it: move it to Platforms[].MaxImageBytes (default 67108864)",
    };

    /// <summary>The valid leaves as normalised key/value pairs ready to bind, and the problems found.</summary>
    public static (Dictionary<string, string?> Values, List<ConfigProblem> Problems) Check(IConfiguration configuration, Type rootType)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<ConfigProblem>();
        Walk(configuration.GetChildren(), rootType, values, problems);
        return (values, problems);
    }

    private static void Walk(IEnumerable<IConfigurationSection> sections, Type type, Dictionary<string, string?> values, List<ConfigProblem> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        foreach (var section in sections)
        {
            if (!properties.TryGetValue(section.Key, out var property))
            {
                if (IsOutsideOurSchema(type, section))
                {
                    continue;
                }

                if (Moved.FirstOrDefault(m => m.Key.Section == type && m.Key.Key.Equals(section.Key, StringComparison.OrdinalIgnoreCase)).Value is { } moved)
                {
                    problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path), moved));
                    continue;
                }

                var suggestion = ClosestName(section.Key, properties.Keys);
                problems.Add(new ConfigProblem(
                    ConfigurationKeys.ToDisplay(section.Path),
                    suggestion is null
                        ? $"'{section.Key}' is not a known setting; remove it (known here: {string.Join(", ", properties.Keys)})"
                        : $"'{section.Key}' is not a known setting; did you mean '{suggestion}'?"));
                continue;
            }

            CheckValue(section, property.PropertyType, values, problems);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, Dictionary<string, string?> values, List<ConfigProblem> problems)
    {
        var elementType = ListElementType(type);
        if (elementType is not null)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path), $"must be a JSON array, not the value '{section.Value}'"));
                return;
            }

            foreach (var child in section.GetChildren())
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path), "must be a JSON array"));
                    return;
                }

                CheckValue(child, elementType, values, problems);
            }

            return;
        }

        if (IsLeaf(type))
        {
            if (section.Value is null)
            {
                if (section.GetChildren().Any())
                {
                    problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path), $"must be a single value ({Describe(type)}), not an object"));
                }

                return;
            }

            if (TryNormalise(section.Value, type, out var normalised))
            {
                values[section.Path] = normalised;
            }
            else
            {
                problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path), $"'{section.Value}' is not {Describe(type)}"));
            }

            return;
        }

        if (section.Value is not null && type == typeof(SecretOptions))
        {
            problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path),
                "a secret is never written in the file: use { \"Env\": \"VARIABLE\" } or { \"File\": \"/run/secrets/name\" } (the value written here is not repeated)"));
            return;
        }

        if (section.Value is not null)
        {
            problems.Add(new ConfigProblem(ConfigurationKeys.ToDisplay(section.Path), $"must be an object with settings, not the value '{section.Value}'"));
            return;
        }

        Walk(section.GetChildren(), type, values, problems);
    }

    private static bool IsOutsideOurSchema(Type type, IConfigurationSection section) =>
        type == typeof(LabelBridge.Core.Configuration.LabelBridgeOptions)
        && (section.Key.Equals("Logging", StringComparison.OrdinalIgnoreCase)
            || section.Key.Equals("$schema", StringComparison.OrdinalIgnoreCase));

    private static Type? ListElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
        {
            return null;
        }

        return type.GetGenericArguments()[0];
    }

    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(Uri);
    }

    private static bool TryNormalise(string text, Type type, out string? normalised)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        normalised = text;
        if (underlying == typeof(string))
        {
            return true;
        }

        if (text.Length == 0 && Nullable.GetUnderlyingType(type) is not null)
        {
            normalised = null;
            return true;
        }

        if (underlying.IsEnum)
        {
            if (EnumNames.TryParse(underlying, text, out var value))
            {
                normalised = value!.ToString();
                return true;
            }

            return false;
        }

        if (underlying == typeof(bool))
        {
            return bool.TryParse(text, out _);
        }

        if (underlying == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        }

        if (underlying == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        }

        if (underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }

        if (underlying == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _);
        }

        if (underlying == typeof(Uri))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out _);
        }

        return false;
    }

    private static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            return $"one of: {EnumNames.Display(underlying)}";
        }

        return underlying switch
        {
            _ when underlying == typeof(bool) => "true or false",
            _ when underlying == typeof(int) || underlying == typeof(long) => "a whole number",
            _ when underlying == typeof(double) || underlying == typeof(float) => "a number (use '.' for decimals)",
            _ when underlying == typeof(TimeSpan) => "a duration like 00:00:30 (hh:mm:ss)",
            _ when underlying == typeof(Uri) => "an absolute URL like https://host",
            _ => underlying.Name,
        };
    }

    private static string? ClosestName(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 4) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
