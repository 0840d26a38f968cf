using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat;
using static LabelBridge.Cvat.Tests.WriteBack.WriteBackTests;

namespace LabelBridge.Cvat.Tests.Connection;

/// <summary>CVAT 2.5x personal access tokens are read-only unless unchecked: reading works, every write answers 403.</summary>
public sealed class ReadOnlyTokenTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Doctor_says_the_access_token_is_read_only_and_how_to_create_one_that_writes()
    {
        await using var harness = await CvatHarness.StartAsync(new CvatEmulatorOptions { AccessTokenReadOnly = true });

        var status = await harness.Connector().CheckAsync(Token);

        Assert.True(status.Healthy);
        Assert.False(status.CanWrite);
        Assert.Contains("read-only personal access token", status.Message, StringComparison.Ordinal);
        Assert.Contains("Profile > Security", status.Message, StringComparison.Ordinal);
        Assert.Contains("'Read only' unchecked", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_finds_a_write_capable_access_token_able_to_write()
    {
        await using var harness = await CvatHarness.StartAsync();

        var status = await harness.Connector().CheckAsync(Token);

        Assert.True(status.CanWrite);
        Assert.Contains(harness.Emulator.Requests, r => r.Path == "/api/auth/access_tokens/self");
    }

    [Theory]
    [InlineData(PlatformAuthScheme.Token)]
    [InlineData(PlatformAuthScheme.Basic)]
    public async Task Doctor_does_not_ask_for_a_token_record_when_no_access_token_is_used(PlatformAuthScheme scheme)
    {
        await using var harness = await CvatHarness.StartAsync(new CvatEmulatorOptions { AccessTokenReadOnly = true });
        var options = harness.Emulator.Options;

        var status = await harness.Connector(p => { p.AuthScheme = scheme; p.Username = options.Username; }, scheme == PlatformAuthScheme.Token ? options.LegacyKey : options.Password)
            .CheckAsync(Token);

        Assert.True(status.CanWrite);
        Assert.DoesNotContain(harness.Emulator.Requests, r => r.Path == "/api/auth/access_tokens/self");
    }

    [Fact]
    public async Task A_write_refused_to_a_read_only_token_names_read_only_tokens_and_the_fix()
    {
        await using var harness = await CvatHarness.StartAsync(new CvatEmulatorOptions { AccessTokenReadOnly = true });
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => connector.WriteBackAsync(new WriteBackRequest(snapshot, Findings.For(snapshot, 1), WriteBackMode.Markers), Token));

        Assert.Contains("refused to write", error.Message, StringComparison.Ordinal);
        Assert.Contains("You do not have permission to perform this action.", error.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Read only' unchecked", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Model.Issues);
    }

    [Fact]
    public async Task A_read_refused_with_403_does_not_blame_a_read_only_token()
    {
        await using var harness = await CvatHarness.StartAsync(new CvatEmulatorOptions { AccessTokenReadOnly = true });
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.FailNext(1, 403, "/api/projects/");

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector().ReadProjectAsync(scene.ProjectId, Token));

        Assert.Contains("denied access", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("read-only", error.Message, StringComparison.Ordinal);
    }
}
