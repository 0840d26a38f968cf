using LabelBridge.LabelStudio.Tests.Fixtures;
using LabelBridge.LabelStudio.Webhooks;

namespace LabelBridge.LabelStudio.Tests.Webhooks;

/// <summary><c>doctor</c> on the Label Studio webhooks pointing at LabelBridge: one without the shared header is refused
/// for ever and then disabled by Label Studio, so it is named with its fix.</summary>
public sealed class WebhookDoctorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Doctor_warns_about_the_ml_backend_webhook_label_studio_created_without_the_secret_header()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var auto = harness.Emulator.Model.AddWebhook(project, "https://lb.example.org/ml-backend/label-studio/ls-test/webhook");
        harness.Emulator.Model.AddWebhook(project, "https://lb.example.org/webhooks/label-studio/ls-test", new Dictionary<string, string> { [SharedSecretCheck.HeaderName] = "s" });
        harness.Emulator.Model.AddWebhook(project, "https://elsewhere.example.org/hook");

        var status = await harness.Connector.CheckAsync(Ct);

        Assert.True(status.Healthy);
        Assert.Contains("2 webhook(s) point at LabelBridge", status.Message, StringComparison.Ordinal);
        var warning = Assert.Single(status.Warnings);
        Assert.Contains($"webhook {auto.Id} of project {project}", warning, StringComparison.Ordinal);
        Assert.Contains("without the X-LabelBridge-Secret header", warning, StringComparison.Ordinal);
        Assert.Contains("Settings → Webhooks", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_has_no_warning_when_every_labelbridge_webhook_sends_the_header()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        harness.Emulator.Model.AddWebhook(project, "https://lb.example.org/webhooks/label-studio/ls-test", new Dictionary<string, string> { ["x-labelbridge-secret"] = "s" });

        var status = await harness.Connector.CheckAsync(Ct);

        Assert.Empty(status.Warnings);
        Assert.Contains("1 webhook(s) point at LabelBridge", status.Message, StringComparison.Ordinal);
    }
}
