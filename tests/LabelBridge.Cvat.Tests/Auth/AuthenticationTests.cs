using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat;

namespace LabelBridge.Cvat.Tests.Auth;

public sealed class AuthenticationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(PlatformAuthScheme.Bearer)]
    [InlineData(PlatformAuthScheme.Token)]
    [InlineData(PlatformAuthScheme.Basic)]
    public async Task Every_supported_credential_style_reads_the_project(PlatformAuthScheme scheme)
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var options = harness.Emulator.Options;
        var secret = scheme switch
        {
            PlatformAuthScheme.Bearer => options.AccessToken,
            PlatformAuthScheme.Token => options.LegacyKey,
            _ => options.Password,
        };

        var snapshot = await harness.Connector(p => { p.AuthScheme = scheme; p.Username = options.Username; }, secret)
            .ReadProjectAsync(scene.ProjectId, Token);

        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
    }

    [Fact]
    public async Task Refused_token_fails_the_read_with_an_actionable_message_that_never_shows_the_token()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        const string wrongToken = "pat-wrong-0123456789abcdef";

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => harness.Connector(secret: wrongToken).ReadProjectAsync(scene.ProjectId, Token));

        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid token.", error.Message, StringComparison.Ordinal);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(wrongToken, e.ToString(), StringComparison.Ordinal);
        }

        var lines = harness.Logs.GetSnapshot();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotContain(wrongToken, l.Message + l.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_HTML_login_page_instead_of_JSON_names_the_likely_causes()
    {
        await using var harness = await CvatHarness.StartAsync();
        harness.Emulator.Faults.ServeHtmlLoginPage = true;

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector().ReadProjectAsync("1", Token));

        Assert.Equal(
            $"cvat-test: CVAT at {harness.Emulator.BaseUrl} answered an HTML page, not JSON: check the URL points at the CVAT server root and the token is valid",
            error.Message);
    }

    [Fact]
    public async Task Missing_secret_is_reported_without_contacting_the_server()
    {
        await using var harness = await CvatHarness.StartAsync();
        var connector = harness.Connector(p => p.Credentials = new SecretOptions { Env = "LB_TEST_NOT_SET" });

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => connector.ReadProjectAsync("1", Token));

        Assert.Contains("LB_TEST_NOT_SET is not set", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task Doctor_shows_the_server_version_and_the_signed_in_user()
    {
        await using var harness = await CvatHarness.StartAsync();

        var status = await harness.Connector().CheckAsync(Token);

        Assert.True(status.Healthy);
        Assert.Equal("2.52.1", status.ServerVersion);
        Assert.Contains("signed in as admin1", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_explains_that_an_old_server_has_no_access_tokens()
    {
        await using var harness = await CvatHarness.StartAsync(new CvatEmulatorOptions { Version = "2.30.0", AcceptsAccessTokens = false });

        var status = await harness.Connector().CheckAsync(Token);

        Assert.True(status.Reachable);
        Assert.False(status.Authenticated);
        Assert.Contains("predates personal access tokens", status.Message, StringComparison.Ordinal);
        Assert.Contains("AuthScheme to Token", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_suggests_an_access_token_when_a_current_server_refuses_a_legacy_key()
    {
        await using var harness = await CvatHarness.StartAsync();

        var status = await harness.Connector(p => p.AuthScheme = PlatformAuthScheme.Token, secret: "stale-key").CheckAsync(Token);

        Assert.False(status.Authenticated);
        Assert.Contains("Invalid token.", status.Message, StringComparison.Ordinal);
        Assert.Contains("personal access token from the user profile with AuthScheme Bearer", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_names_a_server_older_than_the_oldest_supported()
    {
        await using var harness = await CvatHarness.StartAsync(new CvatEmulatorOptions { Version = "2.3.0" });

        var status = await harness.Connector(p => p.AuthScheme = PlatformAuthScheme.Token, harness.Emulator.Options.LegacyKey).CheckAsync(Token);

        Assert.Contains("older than 2.4", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_reports_an_unreachable_server()
    {
        await using var harness = await CvatHarness.StartAsync();
        var connector = harness.Connector(p => p.Url = new Uri("http://127.0.0.1:1/"));

        var status = await connector.CheckAsync(Token);

        Assert.False(status.Reachable);
        Assert.Contains("could not be reached", status.Message, StringComparison.Ordinal);
    }
}
