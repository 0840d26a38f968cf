using LabelBridge.Host.Cli;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Cli;

/// <summary><c>labelbridge sweep --platform ... --url ... --token-env ... --project-id ...</c>: no config file at all.</summary>
public sealed class OneOffSweepTests
{
    [Fact]
    public async Task A_cvat_project_is_swept_given_only_url_token_and_project_id()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var tokenVariable = $"ONE_OFF_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, harness.Cvat.AccessToken);
        var report = Path.Combine(harness.Directory, "report");

        var (exitCode, output) = await RunInAsync(harness.Directory, "sweep", "--platform", "cvat", "--url", harness.Cvat.BaseUrl.ToString(),
            "--token-env", tokenVariable, "--project-id", harness.Project.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--report", report);

        Assert.True(exitCode == ExitCodes.Success, output);
        Assert.True(File.Exists(Path.Combine(report, "report.json")), output);
        Assert.True(File.Exists(Path.Combine(report, "report.html")), output);
        Assert.Contains("finished", output, StringComparison.Ordinal);
        Assert.Empty(harness.Cvat.Model.Issues);
        Assert.DoesNotContain(harness.Cvat.AccessToken, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_off_sweeps_of_project_1_on_two_servers_keep_apart_and_both_write_their_markers()
    {
        await using var first = await SweepHarness.StartCvatAsync();
        await using var second = await SweepHarness.StartCvatAsync();
        Assert.Equal(first.Project.ProjectId, second.Project.ProjectId);
        static string[] Arguments(SweepHarness harness, string reportRoot)
        {
            var tokenVariable = $"ONE_OFF_TOKEN_{Guid.NewGuid():N}";
            Environment.SetEnvironmentVariable(tokenVariable, harness.Cvat.AccessToken);
            return ["sweep", "--platform", "cvat", "--url", harness.Cvat.BaseUrl.ToString(), "--token-env", tokenVariable,
                "--project-id", harness.Project.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--write-back", "markers",
                "--report", Path.Combine(reportRoot, "report", harness.Cvat.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }

        var (firstExit, firstOutput) = await RunInAsync(first.Directory, Arguments(first, first.Directory));
        var (secondExit, secondOutput) = await RunInAsync(first.Directory, Arguments(second, first.Directory));

        Assert.True(firstExit == ExitCodes.Success, firstOutput);
        Assert.True(secondExit == ExitCodes.Success, secondOutput);
        Assert.NotEmpty(first.Cvat.Model.Issues);
        Assert.Equal(first.Cvat.Model.Issues.Count, second.Cvat.Model.Issues.Count);
    }

    [Fact]
    public void One_off_projects_are_named_after_their_server_and_take_LABELBRIDGE_environment_overrides()
    {
        var environment = new System.Collections.Hashtable
        {
            ["LABELBRIDGE_Store__SqlitePath"] = "/srv/labelbridge/state.db",
            ["LABELBRIDGE_Embedding__BatchSize"] = "8",
        };

        var (staging, stagingName) = SweepCommand.OneOffOptions(
            Core.Vocabulary.PlatformKind.Cvat, new Uri("https://cvat-staging.example.org/"), "TOKEN", "1", Core.Platforms.WriteBackMode.Markers, environment);
        var (_, productionName) = SweepCommand.OneOffOptions(
            Core.Vocabulary.PlatformKind.Cvat, new Uri("https://cvat.example.org:8443/"), "TOKEN", "1", Core.Platforms.WriteBackMode.Markers, environment);

        Assert.NotEqual(stagingName, productionName);
        Assert.Equal("cvat-cvat-staging-example-org-443-1", stagingName);
        Assert.Equal("/srv/labelbridge/state.db", staging.Store.SqlitePath);
        Assert.Equal(8, staging.Embedding.BatchSize);
        Assert.Equal(stagingName, Assert.Single(staging.Projects).Name);
    }

    [Fact]
    public async Task An_unreachable_platform_exits_with_3_and_says_what_to_check()
    {
        using var directory = new TempDirectory();
        var tokenVariable = $"ONE_OFF_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, "secret-token-value");

        var (exitCode, output) = await RunInAsync(directory.Path, "sweep", "--platform", "label-studio", "--url", "http://127.0.0.1:9/",
            "--token-env", tokenVariable, "--project-id", "1");

        Assert.True(exitCode == ExitCodes.PlatformUnavailable, output);
        Assert.Contains("paused", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-value", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_one_off_arguments_exit_with_2_naming_each()
    {
        using var directory = new TempDirectory();

        var (exitCode, output) = await RunInAsync(directory.Path, "sweep", "--platform", "gitlab", "--token-env", "NOT_SET_ANYWHERE_42", "--project-id", "x");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("--platform", output, StringComparison.Ordinal);
        Assert.Contains("--token-env", output, StringComparison.Ordinal);
        Assert.Contains("--url", output, StringComparison.Ordinal);
        Assert.Contains("--project-id", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_path_that_is_a_file_is_refused_before_anything_is_written_back()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var tokenVariable = $"ONE_OFF_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, harness.Cvat.AccessToken);
        var file = Path.Combine(harness.Directory, "report-is-a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunInAsync(harness.Directory, "sweep", "--platform", "cvat", "--url", harness.Cvat.BaseUrl.ToString(),
            "--token-env", tokenVariable, "--project-id", harness.Project.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--write-back", "markers", "--report", file);

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("is a file", output, StringComparison.Ordinal);
        Assert.Empty(harness.Cvat.Model.Issues);
    }

    [Fact]
    public async Task A_token_given_as_token_env_is_not_repeated()
    {
        using var directory = new TempDirectory();
        const string pasted = "pat-4f2c9a81d0e34b7f-pasted";

        var (exitCode, output) = await RunInAsync(directory.Path, "sweep", "--platform", "cvat", "--url", "http://127.0.0.1:9/",
            "--token-env", pasted, "--project-id", "1");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("--token-env", output, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunInAsync(string workingDirectory, params string[] args)
    {
        var previous = Environment.CurrentDirectory;
        await CurrentDirectory.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            Environment.CurrentDirectory = workingDirectory;
            return await TestConsole.RunAsync(args);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            CurrentDirectory.Release();
        }
    }

    private static readonly SemaphoreSlim CurrentDirectory = new(1, 1);
}
