using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Configuration;

/// <summary>Loads <c>config/labelbridge.json</c> (or the given path) plus <c>LABELBRIDGE_</c> environment variables,
/// checks their shape, binds and validates them, and returns every problem at once.</summary>
internal static class ConfigurationLoader
{
    public const string DefaultPath = "config/labelbridge.json";
    public const string PathVariable = "LABELBRIDGE_CONFIG";
    public const string EnvironmentPrefix = "LABELBRIDGE_";

    /// <summary>The short form of <c>LABELBRIDGE_Logging__Level</c> (the full form wins when both are set).</summary>
    public const string LogLevelVariable = "LABELBRIDGE_LOG_LEVEL";

    public static LoadedConfiguration Load(string? path, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var resolvedPath = Path.GetFullPath(path ?? Environment.GetEnvironmentVariable(PathVariable) ?? DefaultPath);
        var problems = new List<ConfigProblem>();
        var builder = new ConfigurationBuilder();
        if (File.Exists(resolvedPath))
        {
            builder.AddJsonFile(resolvedPath, optional: false, reloadOnChange: false);
        }
        else
        {
            problems.Add(new ConfigProblem("config file", $"'{resolvedPath}' does not exist; pass --config PATH, set {PathVariable}, or copy one of the examples in config/"));
        }

        builder.AddInMemoryCollection(EnvironmentOverrides(Environment.GetEnvironmentVariables()));
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        IConfigurationRoot raw;
        try
        {
            raw = builder.Build();
        }
        catch (InvalidDataException exception)
        {
            problems.Add(new ConfigProblem("config file", $"'{resolvedPath}' is not valid JSON: {exception.InnerException?.Message ?? exception.Message}"));
            return new LoadedConfiguration(resolvedPath, new LabelBridgeOptions(), problems);
        }
        catch (FormatException exception)
        {
            problems.Add(new ConfigProblem("config file", $"'{resolvedPath}' is not valid JSON: {exception.Message}"));
            return new LoadedConfiguration(resolvedPath, new LabelBridgeOptions(), problems);
        }

        var (values, shapeProblems) = ConfigurationShapeCheck.Check(raw, typeof(LabelBridgeOptions));
        problems.AddRange(shapeProblems);
        var options = new ConfigurationBuilder().AddInMemoryCollection(values).Build().Get<LabelBridgeOptions>() ?? new LabelBridgeOptions();
        problems.AddRange(ConfigurationKeys.InFileIndices(LabelBridgeOptionsValidator.Problems(options), values.Keys));
        return new LoadedConfiguration(resolvedPath, options, problems);
    }

    /// <summary><c>LABELBRIDGE_Store__SqlitePath</c> → <c>Store:SqlitePath</c>. Only variables whose first segment names a
    /// section of the configuration count, so other <c>LABELBRIDGE_</c> variables (tokens, the config path) are not settings;
    /// <see cref="LogLevelVariable"/> is read as <c>Logging:Level</c> unless that is also set in full.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> EnvironmentOverrides(System.Collections.IDictionary variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        const string LevelKey = "Logging:Level";
        var sections = typeof(LabelBridgeOptions).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = new List<KeyValuePair<string, string?>>();
        string? shortLevel = null;
        foreach (System.Collections.DictionaryEntry variable in variables)
        {
            var name = (string)variable.Key;
            if (string.Equals(name, LogLevelVariable, StringComparison.OrdinalIgnoreCase))
            {
                shortLevel = variable.Value as string;
                continue;
            }

            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            if (sections.Contains(key.Split(':')[0]))
            {
                settings.Add(new KeyValuePair<string, string?>(key, variable.Value as string));
            }
        }

        if (shortLevel is not null && !settings.Exists(s => string.Equals(s.Key, LevelKey, StringComparison.OrdinalIgnoreCase)))
        {
            settings.Add(new KeyValuePair<string, string?>(LevelKey, shortLevel));
        }

        return settings;
    }
}

/// <summary>The bound options, where they came from, and everything wrong with them.</summary>
internal sealed record LoadedConfiguration(string Path, LabelBridgeOptions Options, IReadOnlyList<ConfigProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
