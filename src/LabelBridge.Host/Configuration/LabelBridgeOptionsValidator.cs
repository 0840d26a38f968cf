using System.Text.RegularExpressions;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>Cross-field rules of the whole configuration. Lists every problem, each with its key and the fix.</summary>
internal sealed partial class LabelBridgeOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    private static readonly string[] KnownEmbedders = ["auto", "pixel", "default-model"];

    /// <summary>Shorter breaks than this reopen the circuit before a struggling server could recover.</summary>
    private static readonly TimeSpan MinimumCircuitBreak = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    public static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        ValidatePlatforms(options, problems);
        ValidateProjects(options, problems);
        ValidateEmbedding(options.Embedding, problems);
        ValidateStore(options.Store, problems);
        ValidateWeb(options.Web, problems);
        ValidateScale(options.Scale, problems);
        return problems;
    }

    private static void ValidatePlatforms(LabelBridgeOptions options, List<ConfigProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Platforms.Count; i++)
        {
            var platform = options.Platforms[i];
            string Key(string property) => ConfigurationKeys.Index("Platforms", i, property);

            if (string.IsNullOrWhiteSpace(platform.Name))
            {
                problems.Add(new(Key("Name"), "is required: a short name projects refer to, e.g. \"cvat-main\""));
            }
            else if (!seen.Add(platform.Name))
            {
                problems.Add(new(Key("Name"), $"'{platform.Name}' is used by another platform; names must be unique"));
            }

            if (platform.Url is null)
            {
                problems.Add(new(Key("Url"), "is required: the server's base URL, e.g. \"https://cvat.example.org\""));
            }
            else if (!string.IsNullOrEmpty(platform.Url.UserInfo))
            {
                problems.Add(new(Key("Url"), "carries a user name or password (user:password@); remove it: the password or token belongs in Credentials (Env or File), the user name in Username"));
            }
            else if (platform.Url.Scheme is not ("http" or "https"))
            {
                problems.Add(new(Key("Url"), $"'{platform.Url}' must start with http:// or https://"));
            }

            if (!platform.Credentials.IsConfigured)
            {
                problems.Add(new(Key("Credentials"), "is required: set Env (name of an environment variable holding the token) or File (path of a file holding it)"));
            }

            if (platform.AuthScheme == PlatformAuthScheme.Basic && string.IsNullOrWhiteSpace(platform.Username))
            {
                problems.Add(new(Key("Username"), "is required with AuthScheme basic (the credentials then hold the password)"));
            }

            if (platform.AuthScheme == PlatformAuthScheme.Basic && platform.Kind == PlatformKind.LabelStudio)
            {
                problems.Add(new(Key("AuthScheme"), "basic is not supported by Label Studio; use bearer (personal access token) or token (legacy API key)"));
            }

            RequireRange(problems, Key("PageSize"), platform.PageSize, 1, 1000);
            RequireRange(problems, Key("MaxConcurrentRequests"), platform.MaxConcurrentRequests, 1, 64);
            RequirePositive(problems, Key("RequestTimeout"), platform.RequestTimeout);
            RequirePositive(problems, Key("BodyReadTimeout"), platform.BodyReadTimeout);
            RequirePositive(problems, Key("TransferRateWindow"), platform.TransferRateWindow);
            RequireRange(problems, Key("MinimumTransferRate"), platform.MinimumTransferRate, 0, 1L << 30);
            RequireRange(problems, Key("MaxPages"), platform.MaxPages, 1, 10_000_000);
            if (platform.CircuitBreakDuration < MinimumCircuitBreak || platform.CircuitBreakDuration > TimeSpan.FromHours(1))
            {
                problems.Add(new(Key("CircuitBreakDuration"), $"{platform.CircuitBreakDuration} is out of range (00:00:00.5 to 01:00:00; default 00:00:30)"));
            }

            if (platform.MaxImageBytes < 1024)
            {
                problems.Add(new(Key("MaxImageBytes"), $"{platform.MaxImageBytes} is too small; use at least 1024 (default 67108864)"));
            }

            if (platform.MaxResponseBytes < 65536)
            {
                problems.Add(new(Key("MaxResponseBytes"), $"{platform.MaxResponseBytes} is too small; use at least 65536 (default 134217728)"));
            }
        }
    }

    private static void ValidateProjects(LabelBridgeOptions options, List<ConfigProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Projects.Count; i++)
        {
            var project = options.Projects[i];
            string Key(string property) => ConfigurationKeys.Index("Projects", i, property);

            if (string.IsNullOrWhiteSpace(project.Name))
            {
                problems.Add(new(Key("Name"), "is required: a short name for the CLI and reports, e.g. \"retail-shelves\""));
            }
            else if (!ProjectName().IsMatch(project.Name))
            {
                problems.Add(new(Key("Name"), $"'{project.Name}' may contain only letters, digits, '-' and '_'"));
            }
            else if (!seen.Add(project.Name))
            {
                problems.Add(new(Key("Name"), $"'{project.Name}' is used by another project; names must be unique"));
            }

            var platform = string.IsNullOrWhiteSpace(project.Platform) ? null : options.FindPlatform(project.Platform);
            if (string.IsNullOrWhiteSpace(project.Platform))
            {
                problems.Add(new(Key("Platform"), "is required: the Name of one of the Platforms"));
            }
            else if (platform is null)
            {
                var known = options.Platforms.Count == 0 ? "none are configured" : "known: " + string.Join(", ", options.Platforms.Select(p => p.Name));
                problems.Add(new(Key("Platform"), $"'{project.Platform}' is not a configured platform ({known})"));
            }

            if (string.IsNullOrWhiteSpace(project.RemoteProjectId))
            {
                problems.Add(new(Key("RemoteProjectId"), "is required: the project's id on the platform (the number in its URL)"));
            }
            else if (!long.TryParse(project.RemoteProjectId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                problems.Add(new(Key("RemoteProjectId"), $"'{project.RemoteProjectId}' must be the numeric project id shown in the platform's URL"));
            }

            if (!string.IsNullOrWhiteSpace(project.Schedule) && CronSchedule.Explain(project.Schedule) is { } cronProblem)
            {
                problems.Add(new(Key("Schedule"), $"'{project.Schedule}': {cronProblem}"));
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(project.TimeZone, out _))
            {
                problems.Add(new(Key("TimeZone"), $"'{project.TimeZone}' is not a known time zone; use an IANA name like \"Europe/Berlin\" or \"UTC\""));
            }

            RequireRange(problems, Key("MaxFindingsPerSweep"), project.MaxFindingsPerSweep, 1, 100_000);
            RequirePositive(problems, Key("SweepDeadline"), project.SweepDeadline);
            if (project.ShardSize is { } shardSize)
            {
                RequireRange(problems, Key("ShardSize"), shardSize, 0, 10_000_000);
            }

            if (project.Embedder is not null)
            {
                ValidateEmbedderName(problems, Key("Embedder"), project.Embedder);
            }

            ValidateThresholds(project.Thresholds, i, problems);
        }
    }

    private static void ValidateThresholds(AnalysisThresholds thresholds, int projectIndex, List<ConfigProblem> problems)
    {
        string Key(string property) => $"Projects[{projectIndex}].Thresholds.{property}";
        RequireRange(problems, Key("NeighbourCount"), thresholds.NeighbourCount, 1, 100);
        RequireRange(problems, Key("MislabelMinScore"), thresholds.MislabelMinScore, 0, 1);
        RequireRange(problems, Key("OutlierMinScore"), thresholds.OutlierMinScore, 0, 1);
        if (!(thresholds.DuplicateSimilarity is > 0 and <= 1))
        {
            problems.Add(new(Key("DuplicateSimilarity"), $"{thresholds.DuplicateSimilarity} must be in (0, 1]; default 0.97"));
        }

        RequireRange(problems, Key("MinBoxSidePixels"), thresholds.MinBoxSidePixels, 0, 10_000);
        if (!double.IsFinite(thresholds.MaxAspectRatio) || thresholds.MaxAspectRatio <= 1)
        {
            problems.Add(new(Key("MaxAspectRatio"), $"{thresholds.MaxAspectRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be a finite number greater than 1; default 20"));
        }

        RequireRange(problems, Key("MinAreaRelativeToClassMedian"), thresholds.MinAreaRelativeToClassMedian, 0, 1);
        RequireRange(problems, Key("ExactSearchLimit"), thresholds.ExactSearchLimit, 1, int.MaxValue);
    }

    private static void ValidateEmbedding(EmbeddingOptions embedding, List<ConfigProblem> problems)
    {
        ValidateEmbedderName(problems, "Embedding.Embedder", embedding.Embedder);
        if (string.IsNullOrWhiteSpace(embedding.ModelDirectory))
        {
            problems.Add(new("Embedding.ModelDirectory", "is required; default \".models\""));
        }

        RequireRange(problems, "Embedding.CropMargin", embedding.CropMargin, 0, 1);
        RequireRange(problems, "Embedding.BatchSize", embedding.BatchSize, 1, 1024);
        RequireRange(problems, "Embedding.IntraOpThreads", embedding.IntraOpThreads, 0, 256);
        RequireRange(problems, "Embedding.MaxConcurrentImages", embedding.MaxConcurrentImages, 1, 64);
        RequireRange(problems, "Embedding.PixelSize", embedding.PixelSize, 2, 256);
        RequireRange(problems, "Embedding.ThumbnailSize", embedding.ThumbnailSize, 16, 1024);
        RequireRange(problems, "Embedding.AutoSampleSize", embedding.AutoSampleSize, 10, 10_000_000);
        RequireRange(problems, "Embedding.AutoSwitchMargin", embedding.AutoSwitchMargin, 0, 1);
        if (embedding.MaxImagePixels < 64 * 64)
        {
            problems.Add(new("Embedding.MaxImagePixels", $"{embedding.MaxImagePixels} is too small; default 100000000"));
        }
    }

    private static void ValidateEmbedderName(List<ConfigProblem> problems, string key, string embedder)
    {
        if (string.IsNullOrWhiteSpace(embedder))
        {
            problems.Add(new(key, $"is empty; use one of {string.Join(", ", KnownEmbedders)} or the name of a model in the model directory"));
        }
        else if (!KnownEmbedders.Contains(embedder, StringComparer.OrdinalIgnoreCase) && !ModelName().IsMatch(embedder))
        {
            problems.Add(new(key, $"'{embedder}' is not {string.Join(", ", KnownEmbedders)}, nor a model name (letters, digits, '-', '_', '+' to combine)"));
        }
    }

    private static void ValidateStore(StoreOptions store, List<ConfigProblem> problems)
    {
        if (store.Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(store.SqlitePath))
        {
            problems.Add(new("Store.SqlitePath", "is required with Provider sqlite; default \".data/labelbridge.db\""));
        }

        if (store.Provider == StoreProvider.Postgres && !store.PostgresConnection.IsConfigured)
        {
            problems.Add(new("Store.PostgresConnection", "is required with Provider postgres: set Env or File holding the connection string"));
        }
    }

    private static void ValidateWeb(WebOptions web, List<ConfigProblem> problems)
    {
        foreach (var url in web.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var listen)
                || listen.Scheme is not ("http" or "https"))
            {
                problems.Add(new("Web.Urls", $"'{url}' is not a listen address like http://127.0.0.1:5080"));
            }
        }

        if (web.PublicUrl is { } publicUrl && publicUrl.Scheme is not ("http" or "https"))
        {
            problems.Add(new("Web.PublicUrl", $"'{publicUrl}' must start with http:// or https://"));
        }

        if (web.MaxWebhookBytes < 1024)
        {
            problems.Add(new("Web.MaxWebhookBytes", $"{web.MaxWebhookBytes} is too small; default 1048576"));
        }

        if (web.WebhookDebounce < TimeSpan.Zero)
        {
            problems.Add(new("Web.WebhookDebounce", "must not be negative; default 00:02:00"));
        }

        if (web.SessionLifetime < TimeSpan.FromMinutes(1) || web.SessionLifetime > TimeSpan.FromDays(30))
        {
            problems.Add(new("Web.SessionLifetime", $"{web.SessionLifetime} must be between 00:01:00 and 30.00:00:00; default 12:00:00"));
        }
    }

    private static void ValidateScale(ScaleOptions scale, List<ConfigProblem> problems)
    {
        RequireRange(problems, "Scale.ShardSize", scale.ShardSize, 0, 10_000_000);
        RequireRange(problems, "Scale.ShardsPerWorker", scale.ShardsPerWorker, 1, 64);
        if (scale.InstanceId is { } instance && !ProjectName().IsMatch(instance))
        {
            problems.Add(new("Scale.InstanceId", $"'{instance}' may contain only letters, digits, '-' and '_'; leave it out to use host name and process id"));
        }

        RequirePositive(problems, "Scale.CheckinInterval", scale.CheckinInterval);
        RequirePositive(problems, "Scale.FailoverAfter", scale.FailoverAfter);
        if (scale.PollInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add(new("Scale.PollInterval", $"{scale.PollInterval} is too short; Quartz polls at most once a second (default 00:00:05)"));
        }
    }

    private static void RequireRange(List<ConfigProblem> problems, string key, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            problems.Add(new(key, $"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range ({min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)})"));
        }
    }

    private static void RequirePositive(List<ConfigProblem> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add(new(key, $"{value} must be a positive duration like 00:00:30"));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[A-Za-z0-9_.+-]+$")]
    private static partial Regex ModelName();
}
