using LabelBridge.Core.Configuration;

namespace LabelBridge.Core.Tests.Configuration;

public sealed class SecretResolverTests
{
    [Fact]
    public void A_secret_comes_from_its_environment_variable()
    {
        var resolver = new SecretResolver(name => name == "CVAT_TOKEN" ? " s3cret \n" : null);

        var secret = resolver.TryResolve(new SecretOptions { Env = "CVAT_TOKEN" }, out var problem);

        Assert.Null(problem);
        Assert.Equal("s3cret", secret!.Reveal());
    }

    [Fact]
    public void A_secret_comes_from_its_file_when_the_variable_is_unset()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "from-file\n");
        try
        {
            var secret = new SecretResolver(_ => null).TryResolve(new SecretOptions { Env = "UNSET", File = file }, out _);

            Assert.Equal("from-file", secret!.Reveal());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_secret_says_where_it_was_looked_for()
    {
        var resolver = new SecretResolver(_ => null);

        Assert.Null(resolver.TryResolve(new SecretOptions { Env = "CVAT_TOKEN" }, out var fromEnvironment));
        Assert.Contains("CVAT_TOKEN", fromEnvironment, StringComparison.Ordinal);
        Assert.Null(resolver.TryResolve(new SecretOptions { File = "/nonexistent/token" }, out var fromFile));
        Assert.Contains("/nonexistent/token", fromFile, StringComparison.Ordinal);
        Assert.Null(resolver.TryResolve(new SecretOptions(), out var none));
        Assert.Contains("Env", none, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("glpat-AbC123xyz-9876543210")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0")]
    [InlineData("3f9a c0de")]
    public void A_token_pasted_where_the_variable_name_belongs_is_refused_without_repeating_it(string pasted)
    {
        var resolver = new SecretResolver(_ => null);

        Assert.Null(resolver.TryResolve(new SecretOptions { Env = pasted }, out var problem));

        Assert.Contains("NAME of an environment variable", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d3b07384d113edec49eaa6238ad5ff00e1c2a9f4")]
    [InlineData("AbCdEf0123456789XyZ")]
    public void A_token_shaped_like_a_variable_name_is_not_repeated_when_no_such_variable_is_set(string pasted)
    {
        var resolver = new SecretResolver(_ => null);

        Assert.Null(resolver.TryResolve(new SecretOptions { Env = pasted }, out var problem));

        Assert.Contains("NAME of an environment variable", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, new SecretOptions { Env = pasted }.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CVAT_TOKEN")]
    [InlineData("LABELSTUDIO_API_KEY_2")]
    [InlineData("TOKEN2")]
    public void An_ordinary_variable_name_is_still_named_when_it_is_not_set(string name)
    {
        Assert.Null(new SecretResolver(_ => null).TryResolve(new SecretOptions { Env = name }, out var problem));

        Assert.Equal($"environment variable {name} is not set or empty: export it before starting LabelBridge", problem);
    }

    [Fact]
    public void A_token_pasted_where_the_file_path_belongs_is_not_repeated()
    {
        const string pasted = "a1b2c3d4e5f6a7b8c9d0";

        Assert.Null(new SecretResolver(_ => null).TryResolve(new SecretOptions { File = pasted }, out var problem));

        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_never_shows_its_value_as_text()
    {
        var secret = new Secret("very-secret-token");

        Assert.Equal("***", secret.ToString());
        Assert.DoesNotContain("very-secret-token", $"token is {secret}", StringComparison.Ordinal);
    }
}
