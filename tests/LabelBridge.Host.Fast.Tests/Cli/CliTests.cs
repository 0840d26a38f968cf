using LabelBridge.Host.Cli;

namespace LabelBridge.Host.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Config_check_lists_every_problem_and_exits_with_2()
    {
        var path = directory.Write("labelbridge.json", """
            { "Projects": [ { "Name": "a", "Platform": "nowhere", "RemoteProjectId": "1", "Schedule": "0 0 25 * * ?" } ] }
            """);

        var (exitCode, output) = await RunAsync("config", "check", "--config", path);

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("Projects[0].Platform", output, StringComparison.Ordinal);
        Assert.Contains("Projects[0].Schedule", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_of_a_valid_file_exits_with_0()
    {
        var (exitCode, output) = await RunAsync("config", "check", "--config", Path.Combine(RepositoryRoot.Path, "config", "cvat.example.json"));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Configuration OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_reports_three_config_mistakes_with_their_keys_and_exits_with_1()
    {
        var path = directory.Write("labelbridge.json", $$"""
            {
              "Platforms": [ { "Name": "cvat-main", "Kind": "cvatt", "Url": "https://cvat.example.org", "Credentials": { "Env": "CVAT_TOKEN" } } ],
              "Projects": [ { "Name": "c", "Platform": "cvat-other", "RemoteProjectId": "3", "Schedule": "0 0 25 * * ?" } ],
              "Embedding": { "Embedder": "pixel" },
              "Store": { "SqlitePath": "{{Path.Combine(directory.Path, "store.db").Replace("\\", "/", StringComparison.Ordinal)}}" }
            }
            """);

        var (exitCode, output) = await RunAsync("doctor", "--config", path);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("Platforms[0].Kind", output, StringComparison.Ordinal);
        Assert.Contains("Projects[0].Platform", output, StringComparison.Ordinal);
        Assert.Contains("Projects[0].Schedule", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_names_an_unresolvable_postgres_connection_instead_of_crashing()
    {
        var path = directory.Write("labelbridge.json", """
            {
              "Platforms": [ { "Name": "cvat", "Kind": "cvat", "Url": "http://127.0.0.1:9", "Credentials": { "Env": "UNSET_TEST_TOKEN" } } ],
              "Projects": [ { "Name": "p", "Platform": "cvat", "RemoteProjectId": "1" } ],
              "Embedding": { "Embedder": "pixel" },
              "Store": { "Provider": "postgres", "PostgresConnection": { "Env": "LB_TEST_UNSET_POSTGRES_CONNECTION" } }
            }
            """);

        var (exitCode, output) = await RunAsync("doctor", "--config", path);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("LB_TEST_UNSET_POSTGRES_CONNECTION", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_product_version()
    {
        var (exitCode, output) = await RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => TestConsole.RunAsync(args);
}
