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

    [Fact]
    public async Task An_error_answer_that_echoes_the_token_reaches_neither_the_snapshot_nor_a_log_line()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var job = scene.TaskB.Jobs[0];
        harness.Emulator.Faults.EchoCredentialsNext(1, 400, $"/api/jobs/{job.Id}/annotations");

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, TestContext.Current.CancellationToken);

        var problem = Assert.Single(snapshot.Problems, p => p.Subject == $"cvat:job/{job.Id}");
        Assert.Contains("request refused: Authorization: [redacted]", problem.Reason, StringComparison.Ordinal);
        AssertNowhere(harness, harness.Emulator.AccessToken, problem.Reason);
    }

    [Fact]
    public async Task A_frame_error_answer_that_echoes_the_token_is_scrubbed_in_the_item_s_problem()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var item = (await connector.ReadProjectAsync(scene.ProjectId, TestContext.Current.CancellationToken)).Items[0];
        harness.Emulator.Faults.EchoCredentialsNext(1, 404, "/data");

        var image = await connector.FetchImageAsync(item, TestContext.Current.CancellationToken);

        Assert.Contains("[redacted]", image.Problem!.Reason, StringComparison.Ordinal);
        AssertNowhere(harness, harness.Emulator.AccessToken, image.Problem.Reason);
    }

    [Fact]
    public async Task A_url_with_user_and_password_is_never_used_and_the_password_is_not_repeated()
    {
        await using var harness = await CvatHarness.StartAsync();
        var url = new UriBuilder(harness.Emulator.BaseUrl) { UserName = "admin", Password = "hunter2-Pa55" }.Uri;

        var error = Assert.Throws<PlatformUnavailableException>(() => harness.Connector(p => p.Url = url));

        Assert.Contains("user:password@", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-Pa55", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    private static void AssertNowhere(CvatHarness harness, string secret, string reason)
    {
        Assert.DoesNotContain(secret, reason, StringComparison.Ordinal);
        Assert.All(harness.Logs.GetSnapshot(), log =>
        {
            Assert.DoesNotContain(secret, log.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, log.Exception?.ToString() ?? "", StringComparison.Ordinal);
        });
    }
}
