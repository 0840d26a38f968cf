using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Auth;

/// <summary>A refused credential is explained to the admin without ever being repeated: not in the exception (inner
/// exceptions included), not in any log line.</summary>
public sealed class CredentialRedactionTests
{
    [Theory]
    [InlineData(PlatformAuthScheme.Bearer)]
    [InlineData(PlatformAuthScheme.Token)]
    [InlineData(PlatformAuthScheme.Basic)]
    public async Task A_refused_credential_appears_in_no_exception_or_log_line(PlatformAuthScheme scheme)
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var secret = $"wrong-secret-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() =>
            harness.Connector(p => { p.AuthScheme = scheme; p.Username = "admin1"; }, secret).ReadProjectAsync(scene.ProjectId, TestContext.Current.CancellationToken));

        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.All(harness.Logs.GetSnapshot(), log =>
        {
            Assert.DoesNotContain(secret, log.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, log.Exception?.ToString() ?? "", StringComparison.Ordinal);
        });
    }
}
