using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace LabelBridge.LabelStudio.Tests.Auth;

public sealed class AuthenticationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Legacy_api_key_is_sent_as_Token()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Token);
        var project = harness.AddProject();

        await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.All(harness.Emulator.ApiRequests(), r => Assert.Equal("Token", r.AuthScheme));
    }

    [Fact]
    public async Task Personal_access_token_is_exchanged_once_for_a_bearer_access_token()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Bearer);
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");

        await harness.Connector.ReadProjectAsync($"{project}", Ct);
        await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var requests = harness.Emulator.ApiRequests();
        Assert.Equal("/api/token/refresh/", requests[0].Path);
        Assert.Single(requests, r => r.Path == "/api/token/refresh/");
        Assert.All(requests.Skip(1), r => Assert.Equal("Bearer", r.AuthScheme));
    }

    [Fact]
    public async Task Access_token_about_to_expire_is_renewed_before_it_is_used()
    {
        var clock = new FakeTimeProvider(Start);
        await using var harness = await Harness.StartAsync(clientClock: clock, emulatorOptions: new LabelStudioEmulatorOptions { TimeProvider = clock });
        var project = harness.AddProject();

        await harness.Connector.ReadProjectAsync($"{project}", Ct);
        clock.Advance(TimeSpan.FromMinutes(6));
        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal("Pets", snapshot.ProjectName);
        Assert.Equal(2, harness.Emulator.ApiRequests().Count(r => r.Path == "/api/token/refresh/"));
    }

    [Fact]
    public async Task Access_token_the_server_no_longer_accepts_is_renewed_and_the_call_repeated()
    {
        var serverClock = new FakeTimeProvider(Start);
        var clientClock = new FakeTimeProvider(Start);
        await using var harness = await Harness.StartAsync(clientClock: clientClock, emulatorOptions: new LabelStudioEmulatorOptions { TimeProvider = serverClock });
        var project = harness.AddProject();
        await harness.Connector.ReadProjectAsync($"{project}", Ct);

        serverClock.Advance(TimeSpan.FromMinutes(10));
        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal("Pets", snapshot.ProjectName);
        Assert.Equal(2, harness.Emulator.ApiRequests().Count(r => r.Path == "/api/token/refresh/"));
    }

    [Fact]
    public async Task Legacy_key_refused_because_the_organization_disabled_them_asks_for_a_personal_access_token()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Token, emulatorOptions: new LabelStudioEmulatorOptions { LegacyTokensEnabled = false });
        var project = harness.AddProject();

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", Ct));

        Assert.Contains("expects a personal access token", error.Message, StringComparison.Ordinal);
        Assert.Contains("AuthScheme to Bearer", error.Message, StringComparison.Ordinal);
        AssertSecretNeverShown(harness, error, harness.Emulator.LegacyToken);
    }

    [Fact]
    public async Task Legacy_key_configured_as_a_personal_access_token_says_to_use_Token()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Bearer, credential: e => e.LegacyToken);
        var project = harness.AddProject();

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", Ct));

        Assert.Contains("set AuthScheme to Token", error.Message, StringComparison.Ordinal);
        AssertSecretNeverShown(harness, error, harness.Emulator.LegacyToken);
    }

    [Fact]
    public async Task Revoked_personal_access_token_is_refused_with_advice_and_without_the_token()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Bearer, credential: e => e.PersonalAccessToken[..^4] + "AAAA");
        var project = harness.AddProject();

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", Ct));

        Assert.Contains("refused the personal access token", error.Message, StringComparison.Ordinal);
        AssertSecretNeverShown(harness, error, harness.Emulator.PersonalAccessToken[..^4]);
    }

    [Fact]
    public async Task Doctor_reports_the_server_version_and_the_signed_in_user()
    {
        await using var harness = await Harness.StartAsync();

        var status = await harness.Connector.CheckAsync(Ct);

        Assert.True(status.Healthy);
        Assert.Equal("1.21.0", status.ServerVersion);
        Assert.Contains("signed in as user 1", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_on_refused_credentials_is_reachable_but_not_authenticated()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Token, credential: _ => "wrong-key");

        var status = await harness.Connector.CheckAsync(Ct);

        Assert.True(status.Reachable);
        Assert.False(status.Authenticated);
        Assert.Equal("1.21.0", status.ServerVersion);
        Assert.Contains("refused the legacy API token", status.Message, StringComparison.Ordinal);
    }

    private static void AssertSecretNeverShown(Harness harness, Exception error, string secret)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.All(harness.Logs.GetSnapshot(), r => Assert.DoesNotContain(secret, r.Message + r.Exception, StringComparison.Ordinal));
    }
}
