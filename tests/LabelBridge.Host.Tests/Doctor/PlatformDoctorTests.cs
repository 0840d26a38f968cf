using LabelBridge.Emulators.Cvat;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Doctor;

namespace LabelBridge.Host.Tests.Doctor;

public sealed class PlatformDoctorTests : IDisposable
{
    private readonly TempDirectory directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("Markers", "Failed")]
    [InlineData("DryRun", "Warning")]
    public async Task A_read_only_CVAT_token_fails_doctor_when_a_project_writes_back(string writeBack, string expected)
    {
        await using var cvat = await CvatEmulator.StartAsync(new CvatEmulatorOptions { AccessTokenReadOnly = true }, Token);

        var platform = await RunDoctorAsync(cvat, writeBack);

        Assert.Equal(Enum.Parse<DoctorOutcome>(expected), platform.Outcome);
        Assert.Contains("read-only personal access token", platform.Detail, StringComparison.Ordinal);
        Assert.Contains("'Read only' unchecked", platform.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_capable_CVAT_token_passes_doctor()
    {
        await using var cvat = await CvatEmulator.StartAsync(cancellationToken: Token);

        var platform = await RunDoctorAsync(cvat, "Markers");

        Assert.Equal(DoctorOutcome.Ok, platform.Outcome);
        Assert.DoesNotContain("read-only", platform.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_label_studio_webhook_without_the_secret_header_is_a_doctor_warning_row()
    {
        await using var labelStudio = await LabelStudioEmulator.StartAsync(cancellationToken: Token);
        var project = labelStudio.Model.AddProject("Pets", "<View><Image name=\"image\" value=\"$image\"/></View>");
        labelStudio.Model.AddWebhook(project.Id, "https://lb.example.org/ml-backend/label-studio/ls/webhook");

        var checks = await RunDoctorAsync("label-studio", labelStudio.BaseUrl, labelStudio.PersonalAccessToken, "Markers");

        Assert.Equal(DoctorOutcome.Ok, checks[0].Outcome);
        var warning = Assert.Single(checks, c => c.Outcome == DoctorOutcome.Warning);
        Assert.Equal(("platform", "ls"), (warning.Area, warning.Subject));
        Assert.Contains("without the X-LabelBridge-Secret header", warning.Detail, StringComparison.Ordinal);
    }

    private async Task<DoctorCheck> RunDoctorAsync(CvatEmulator cvat, string writeBack) =>
        Assert.Single(await RunDoctorAsync("cvat", cvat.BaseUrl, cvat.AccessToken, writeBack));

    private async Task<IReadOnlyList<DoctorCheck>> RunDoctorAsync(string kind, Uri url, string token, string writeBack)
    {
        var name = kind == "cvat" ? "cvat" : "ls";
        var tokenFile = directory.Write("token", token);
        var path = directory.Write("labelbridge.json", $$"""
            {
              "Platforms": [ { "Name": "{{name}}", "Kind": "{{kind}}", "Url": "{{url}}", "AuthScheme": "Bearer", "Credentials": { "File": "{{Json(tokenFile)}}" } } ],
              "Projects": [ { "Name": "p", "Platform": "{{name}}", "RemoteProjectId": "1", "WriteBack": "{{writeBack}}" } ],
              "Embedding": { "Embedder": "pixel" },
              "Store": { "SqlitePath": "{{Json(Path.Combine(directory.Path, "store.db"))}}" }
            }
            """);
        var configuration = ConfigurationLoader.Load(path);
        var services = WorkerServices.Build(configuration.Options);
        try
        {
            var checks = await new DoctorRun(configuration, services).RunAsync(Token);
            return [.. checks.Where(c => c.Area == "platform")];
        }
        finally
        {
            await ((IAsyncDisposable)services).DisposeAsync();
        }
    }

    private static string Json(string path) => path.Replace("\\", "/", StringComparison.Ordinal);
}
