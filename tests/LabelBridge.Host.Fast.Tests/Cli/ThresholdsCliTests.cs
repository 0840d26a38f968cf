using LabelBridge.Host.Cli;

namespace LabelBridge.Host.Tests.Cli;

/// <summary>Issue #17 item 2: <c>labelbridge thresholds preview|set</c> and overrides in <c>config check</c>.</summary>
public sealed class ThresholdsCliTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Set_stores_an_override_with_who_and_config_check_shows_it_beside_the_configured_value()
    {
        var config = Config();

        var (setExit, setOutput) = await RunAsync("thresholds", "set", "--project", "p", "--name", "mislabelminscore", "--value", "0.8", "--by", "ana", "--config", config);
        var (checkExit, checkOutput) = await RunAsync("config", "check", "--config", config);

        Assert.Equal(ExitCodes.Success, setExit);
        Assert.Contains("MislabelMinScore = 0.8", setOutput, StringComparison.Ordinal);
        Assert.Contains("applies from the next sweep", setOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, checkExit);
        Assert.Contains("Threshold overrides", checkOutput, StringComparison.Ordinal);
        Assert.Contains("MislabelMinScore", checkOutput, StringComparison.Ordinal);
        Assert.Contains("0.8 by ana (cli)", checkOutput, StringComparison.Ordinal);
        Assert.Contains("0.6", checkOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_out_of_the_configuration_range_is_refused_in_the_configuration_words_and_nothing_is_stored()
    {
        var config = Config();

        var (exit, output) = await RunAsync("thresholds", "set", "--project", "p", "--name", "OutlierMinScore", "--value", "1.5", "--config", config);
        var (_, check) = await RunAsync("config", "check", "--config", config);

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("Projects[0].Thresholds.OutlierMinScore: 1.5 is out of range (0 to 1)", output.ReplaceLineEndings(""), StringComparison.Ordinal);
        Assert.Contains("No threshold overrides", check, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clearing_removes_the_override_and_preview_without_a_sweep_says_to_run_one()
    {
        var config = Config();
        await RunAsync("thresholds", "set", "--project", "p", "--name", "MislabelMinScore", "--value", "0.9", "--config", config);

        var (clearExit, _) = await RunAsync("thresholds", "set", "--project", "p", "--name", "MislabelMinScore", "--clear", "--config", config);
        var (previewExit, preview) = await RunAsync("thresholds", "preview", "--project", "p", "--config", config);

        Assert.Equal(ExitCodes.Success, clearExit);
        Assert.Equal(ExitCodes.Success, previewExit);
        Assert.Contains("no finished sweep yet", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("0.9 by", preview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_of_a_store_that_does_not_exist_creates_none()
    {
        var config = Config();

        var (exit, output) = await RunAsync("config", "check", "--config", config);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("the store does not exist yet", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory.Path, "store.db")));
    }

    private string Config() => directory.Write("labelbridge.json", $$"""
        {
          "Platforms": [ { "Name": "cvat", "Kind": "cvat", "Url": "http://127.0.0.1:9", "Credentials": { "Env": "UNSET_TEST_TOKEN" } } ],
          "Projects": [ { "Name": "p", "Platform": "cvat", "RemoteProjectId": "1", "Thresholds": { "MislabelMinScore": 0.6 } } ],
          "Embedding": { "Embedder": "pixel" },
          "Store": { "SqlitePath": "{{Path.Combine(directory.Path, "store.db").Replace("\\", "/", StringComparison.Ordinal)}}" }
        }
        """);

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => TestConsole.RunAsync(args);
}
