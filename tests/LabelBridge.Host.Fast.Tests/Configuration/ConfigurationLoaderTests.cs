using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Host.Tests.Configuration;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Example_configs_are_valid()
    {
        foreach (var name in new[] { "cvat.example.json", "label-studio.example.json", "cluster.example.json", "labelbridge.json" })
        {
            var loaded = ConfigurationLoader.Load(Path.Combine(RepositoryRoot.Path, "config", name));

            Assert.True(loaded.IsValid, $"{name}: {string.Join("; ", loaded.Problems)}");
        }
    }

    [Fact]
    public void Enum_values_are_read_as_admins_write_them()
    {
        var loaded = ConfigurationLoader.Load(Path.Combine(RepositoryRoot.Path, "config", "label-studio.example.json"));

        Assert.Equal(PlatformKind.LabelStudio, loaded.Options.Platforms[0].Kind);
        Assert.Equal(WriteBackMode.MarkersAndRelabel, loaded.Options.Projects[0].WriteBack);
        Assert.Equal("images.example.org", Assert.Single(loaded.Options.Platforms[0].AllowedImageHosts));
    }

    [Fact]
    public void Three_different_mistakes_are_all_reported_with_their_keys()
    {
        var path = directory.Write("labelbridge.json", """
            {
              "Platforms": [ { "Name": "cvat-main", "Kind": "cvatt", "Url": "https://cvat.example.org", "Credentials": { "Env": "CVAT_TOKEN" } } ],
              "Projects": [
                { "Name": "a", "Platform": "cvat-main", "RemoteProjectId": "1" },
                { "Name": "b", "Platform": "cvat-main", "RemoteProjectId": "2" },
                { "Name": "c", "Platform": "cvat-other", "RemoteProjectId": "3", "Schedule": "0 0 25 * * ?" }
              ]
            }
            """);

        var loaded = ConfigurationLoader.Load(path);

        Assert.Equal(3, loaded.Problems.Count);
        Assert.Contains(loaded.Problems, p => p.Key == "Platforms[0].Kind" && p.Message.Contains("cvat, label-studio", StringComparison.Ordinal));
        Assert.Contains(loaded.Problems, p => p.Key == "Projects[2].Platform" && p.Message.Contains("cvat-other", StringComparison.Ordinal));
        Assert.Contains(loaded.Problems, p => p.Key == "Projects[2].Schedule" && p.Message.Contains("hour 25 is out of range", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_key_is_named_with_a_suggestion()
    {
        var path = directory.Write("labelbridge.json", """
            { "Store": { "Provider": "sqlite", "SqlitPath": "x.db" } }
            """);

        var problem = Assert.Single(ConfigurationLoader.Load(path).Problems);

        Assert.Equal("Store.SqlitPath", problem.Key);
        Assert.Contains("did you mean 'SqlitePath'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_of_the_wrong_type_say_what_is_expected()
    {
        var path = directory.Write("labelbridge.json", """
            {
              "Platforms": [ { "Name": "p", "Kind": "cvat", "Url": "https://h", "Credentials": { "Env": "T" }, "PageSize": "many", "RequestTimeout": "soon" } ],
              "Projects": [ { "Name": "x", "Platform": "p", "RemoteProjectId": "1", "Thresholds": { "DuplicateSimilarity": 1.5 } } ]
            }
            """);

        var problems = ConfigurationLoader.Load(path).Problems;

        Assert.Contains(problems, p => p.Key == "Platforms[0].PageSize" && p.Message.Contains("whole number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "Platforms[0].RequestTimeout" && p.Message.Contains("00:00:30", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "Projects[0].Thresholds.DuplicateSimilarity");
    }

    [Fact]
    public void Missing_credentials_unknown_time_zone_and_bad_project_id_are_reported()
    {
        var path = directory.Write("labelbridge.json", """
            {
              "Platforms": [ { "Name": "p", "Kind": "label-studio", "Url": "ftp://h" } ],
              "Projects": [ { "Name": "x y", "Platform": "p", "RemoteProjectId": "abc", "TimeZone": "Mars/Olympus" } ]
            }
            """);

        var keys = ConfigurationLoader.Load(path).Problems.Select(p => p.Key).ToList();

        Assert.Contains("Platforms[0].Url", keys);
        Assert.Contains("Platforms[0].Credentials", keys);
        Assert.Contains("Projects[0].Name", keys);
        Assert.Contains("Projects[0].RemoteProjectId", keys);
        Assert.Contains("Projects[0].TimeZone", keys);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var path = directory.Write("labelbridge.json", """{ "Store": { "SqlitePath": "from-file.db" } }""");

        var loaded = ConfigurationLoader.Load(path, [new("Store:SqlitePath", "from-env.db")]);

        Assert.Equal("from-env.db", loaded.Options.Store.SqlitePath);
    }

    [Fact]
    public void A_missing_file_and_broken_json_are_named()
    {
        Assert.Contains("does not exist", Assert.Single(ConfigurationLoader.Load(Path.Combine(directory.Path, "nope.json")).Problems).Message, StringComparison.Ordinal);

        var broken = directory.Write("broken.json", "{ \"Store\": ");
        Assert.Contains("not valid JSON", Assert.Single(ConfigurationLoader.Load(broken).Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_apply_when_the_file_leaves_settings_out()
    {
        var path = directory.Write("labelbridge.json", "{}");

        var options = ConfigurationLoader.Load(path).Options;

        Assert.Equal(".data/labelbridge.db", options.Store.SqlitePath);
        Assert.Equal("auto", options.Embedding.Embedder);
        Assert.Equal(StoreProvider.Sqlite, options.Store.Provider);
    }

    [Fact]
    public void Only_labelbridge_variables_naming_a_section_are_settings()
    {
        var variables = new System.Collections.Hashtable
        {
            ["LABELBRIDGE_Store__SqlitePath"] = "env.db",
            ["LABELBRIDGE_CONFIG"] = "/somewhere/labelbridge.json",
            ["LABELBRIDGE_TEST_POSTGRES"] = "Host=127.0.0.1",
            ["PATH"] = "/usr/bin",
        };

        var overrides = ConfigurationLoader.EnvironmentOverrides(variables).ToList();

        var only = Assert.Single(overrides);
        Assert.Equal("Store:SqlitePath", only.Key);
        Assert.Equal("env.db", only.Value);
    }

    [Fact]
    public void The_log_level_is_a_setting_of_the_file_or_the_environment_and_its_short_variable_gives_way_to_the_full_one()
    {
        var path = directory.Write("labelbridge.json", """{ "Logging": { "Level": "Error" } }""");
        Assert.Equal(LogLevel.Error, ConfigurationLoader.Load(path).Options.Logging.Level);
        Assert.Null(ConfigurationLoader.Load(directory.Write("empty.json", "{}")).Options.Logging.Level);

        var shortForm = ConfigurationLoader.EnvironmentOverrides(new System.Collections.Hashtable { ["LABELBRIDGE_LOG_LEVEL"] = "Information" });
        Assert.Equal(LogLevel.Information, ConfigurationLoader.Load(path, shortForm).Options.Logging.Level);

        var both = ConfigurationLoader.EnvironmentOverrides(new System.Collections.Hashtable
        {
            ["LABELBRIDGE_Logging__Level"] = "Debug",
            ["LABELBRIDGE_LOG_LEVEL"] = "Information",
        });
        Assert.Equal(LogLevel.Debug, ConfigurationLoader.Load(path, both).Options.Logging.Level);

        var wrong = ConfigurationLoader.Load(path, [new("Logging:Level", "Verbose")]);
        Assert.Contains(wrong.Problems, p => p.Key == "Logging.Level");
        // A number binds to an enum unchecked ("7" would switch every log off): the shape check refuses it by name.
        var number = ConfigurationLoader.Load(path, [new("Logging:Level", "7")]);
        Assert.Contains(number.Problems, p => p.Key == "Logging.Level");
    }

    [Fact]
    public void The_configured_log_level_is_the_verbs_minimum_level()
    {
        using var quiet = (ServiceProvider)WorkerServices.Build(new LabelBridgeOptions());
        using var chatty = (ServiceProvider)WorkerServices.Build(new LabelBridgeOptions { Logging = { Level = LogLevel.Information } });

        Assert.False(quiet.GetRequiredService<ILoggerFactory>().CreateLogger("t").IsEnabled(LogLevel.Information));
        Assert.True(chatty.GetRequiredService<ILoggerFactory>().CreateLogger("t").IsEnabled(LogLevel.Information));
    }
}
