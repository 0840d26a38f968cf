using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>The broken configurations of the bad-input corpus: each problem is named with its key, and every problem
/// of a file is listed at once.</summary>
public sealed class BadConfigTests
{
    [Theory]
    [InlineData("misspelt-key.json", "Projects[0].Shedule", "did you mean 'Schedule'?")]
    [InlineData("wrong-types.json", "Platforms[0].Kind", "cvatt")]
    [InlineData("wrong-types.json", "Platforms[0].CircuitBreakDuration", "soon")]
    [InlineData("wrong-types.json", "Platforms[0].MaxConcurrentRequests", "many")]
    [InlineData("secret-in-plain-text.json", "Platforms[0].Credentials", "")]
    [InlineData("dangling-references.json", "Projects[0].Platform", "cvat-other")]
    [InlineData("dangling-references.json", "Projects[0].Schedule", "hour 25 is out of range")]
    [InlineData("dangling-references.json", "Projects[0].TimeZone", "Mars/Olympus")]
    public void Broken_config_names_the_key_and_the_problem(string file, string key, string message)
    {
        var loaded = ConfigurationLoader.Load(Path.Combine(RepositoryRoot.Path, "tests", "corpus", "configs", file));

        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Problems, p => p.Key == key && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Truncated_json_is_named_as_not_json_with_the_file()
    {
        var loaded = ConfigurationLoader.Load(Path.Combine(RepositoryRoot.Path, "tests", "corpus", "configs", "truncated-json.json"));

        var problem = Assert.Single(loaded.Problems);
        Assert.Contains("truncated-json.json", problem.Key + problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_written_in_the_file_is_refused_without_being_repeated()
    {
        var loaded = ConfigurationLoader.Load(Path.Combine(RepositoryRoot.Path, "tests", "corpus", "configs", "secret-in-plain-text.json"));

        Assert.Contains(loaded.Problems, p => p.Key == "Platforms[0].Credentials");
        Assert.All(loaded.Problems, p => Assert.DoesNotContain("pat-written-into-the-file", p.Message, StringComparison.Ordinal));
    }
}
