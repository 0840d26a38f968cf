using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Auth;

/// <summary>A refused credential is explained to the admin without ever being repeated: not in the exception (inner
/// exceptions included), not in any log line.</summary>
public sealed class CredentialRedactionTests
{
    [Theory]
    [InlineData(PlatformAuthScheme.Bearer)]
    [InlineData(PlatformAuthScheme.Token)]
    public async Task A_refused_credential_appears_in_no_exception_or_log_line(PlatformAuthScheme scheme)
    {
        var secret = $"wrong-secret-{Guid.NewGuid():N}";
        await using var harness = await Harness.StartAsync(scheme, credential: _ => secret);
        var project = harness.AddProject();

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", TestContext.Current.CancellationToken));

        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.All(harness.Logs.GetSnapshot(), log =>
        {
            Assert.DoesNotContain(secret, log.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, log.Exception?.ToString() ?? "", StringComparison.Ordinal);
        });
    }
}
