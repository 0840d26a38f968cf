using LabelBridge.Core.Configuration;
using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Tests.Configuration;

/// <summary>Values that once passed the check and then broke a sweep or a worker (issue 15 item 11, issue 16 item 3).</summary>
public sealed class ConfigurationGapTests : IDisposable
{
    private const string Platform = """{ "Name": "cvat-main", "Kind": "cvat", "Url": "https://cvat.example.org", "Credentials": { "Env": "CVAT_TOKEN" } }""";

    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private LoadedConfiguration Load(string json) => ConfigurationLoader.Load(directory.Write("labelbridge.json", json));

    private LoadedConfiguration LoadProject(string thresholds) => Load($$"""
        {
          "Platforms": [ {{Platform}} ],
          "Projects": [ { "Name": "a", "Platform": "cvat-main", "RemoteProjectId": "1", "Thresholds": {{thresholds}} } ]
        }
        """);

    [Fact]
    public void A_duplicate_similarity_of_NaN_is_refused()
    {
        var problem = Assert.Single(LoadProject("""{ "DuplicateSimilarity": "NaN" }""").Problems);

        Assert.Equal("Projects[0].Thresholds.DuplicateSimilarity", problem.Key);
    }

    [Fact]
    public void An_infinite_max_aspect_ratio_is_refused()
    {
        var problem = Assert.Single(LoadProject("""{ "MaxAspectRatio": "Infinity" }""").Problems);

        Assert.Equal("Projects[0].Thresholds.MaxAspectRatio", problem.Key);
        Assert.Contains("finite", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Platforms_and_projects_written_as_plain_values_are_not_OK()
    {
        var loaded = Load("""{ "Platforms": "x", "Projects": "y" }""");

        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Problems, p => p.Key == "Platforms" && p.Message.Contains("JSON array", StringComparison.Ordinal));
        Assert.Contains(loaded.Problems, p => p.Key == "Projects" && p.Message.Contains("JSON array", StringComparison.Ordinal));
    }

    [Fact]
    public void A_listen_address_that_is_not_http_is_refused()
    {
        var problem = Assert.Single(Load("""{ "Web": { "Urls": "http://127.0.0.1:5080;ftp://x" } }""").Problems);

        Assert.Equal("Web.Urls", problem.Key);
        Assert.Contains("ftp://x", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_after_a_dropped_entry_are_reported_under_the_entry_they_belong_to()
    {
        var loaded = Load($$"""
            {
              "Platforms": [ {{Platform}} ],
              "Projects": [
                { "Name": "a", "Platform": "cvat-main", "RemoteProjectId": "1" },
                "y",
                { "Name": "c", "Platform": "cvat-other", "RemoteProjectId": "3" }
              ]
            }
            """);

        Assert.Equal(2, loaded.Problems.Count);
        Assert.Contains(loaded.Problems, p => p.Key == "Projects[1]" && p.Message.Contains("must be an object", StringComparison.Ordinal));
        Assert.Contains(loaded.Problems, p => p.Key == "Projects[2].Platform" && p.Message.Contains("cvat-other", StringComparison.Ordinal));
    }

    [Fact]
    public void Embedding_sizes_and_the_auto_margin_are_range_checked()
    {
        var keys = Load("""
            { "Embedding": { "PixelSize": 0, "ThumbnailSize": 100000, "AutoSampleSize": -1, "AutoSwitchMargin": 5 } }
            """).Problems.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["Embedding.AutoSampleSize", "Embedding.AutoSwitchMargin", "Embedding.PixelSize", "Embedding.ThumbnailSize"], keys);
    }

    [Fact]
    public void A_circuit_break_too_short_to_let_a_server_recover_is_refused_not_clamped()
    {
        var loaded = Load("""
            { "Platforms": [ { "Name": "cvat-main", "Kind": "cvat", "Url": "https://cvat.example.org", "Credentials": { "Env": "CVAT_TOKEN" },
                               "CircuitBreakDuration": "00:00:00.1" } ] }
            """);

        Assert.Equal("Platforms[0].CircuitBreakDuration", Assert.Single(loaded.Problems).Key);
    }

    [Fact]
    public void The_image_byte_limit_is_the_platforms_one_and_the_old_embedding_key_says_where_it_went()
    {
        var problem = Assert.Single(Load("""{ "Embedding": { "MaxImageBytes": 1000 } }""").Problems);

        Assert.Equal("Embedding.MaxImageBytes", problem.Key);
        Assert.Contains("Platforms[].MaxImageBytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resize_mode_is_one_of_its_names()
    {
        Assert.Equal(PatchResizeMode.Stretch, Load("""{ "Embedding": { "ResizeMode": "stretch" } }""").Options.Embedding.ResizeMode);

        var problem = Assert.Single(Load("""{ "Embedding": { "ResizeMode": "squash" } }""").Problems);
        Assert.Equal("Embedding.ResizeMode", problem.Key);
        Assert.Contains("letterbox, stretch", problem.Message, StringComparison.Ordinal);
    }
}
