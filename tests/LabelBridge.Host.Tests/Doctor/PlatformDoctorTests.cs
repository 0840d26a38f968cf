using LabelBridge.Emulators.Cvat;
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

    private async Task<DoctorCheck> RunDoctorAsync(CvatEmulator cvat, string writeBack)
    {
        var tokenFile = directory.Write("cvat-token", cvat.AccessToken);
        var path = directory.Write("labelbridge.json", $$"""
            {
              "Platforms": [ { "Name": "cvat", "Kind": "cvat", "Url": "{{cvat.BaseUrl}}", "AuthScheme": "Bearer", "Credentials": { "File": "{{Json(tokenFile)}}" } } ],
              "Projects": [ { "Name": "p", "Platform": "cvat", "RemoteProjectId": "1", "WriteBack": "{{writeBack}}" } ],
              "Embedding": { "Embedder": "pixel" },
              "Store": { "SqlitePath": "{{Json(Path.Combine(directory.Path, "store.db"))}}" }
            }
            """);
        var configuration = ConfigurationLoader.Load(path);
        var services = WorkerServices.Build(configuration.Options);
        try
        {
            var checks = await new DoctorRun(configuration, services).RunAsync(Token);
            return Assert.Single(checks, c => c.Area == "platform");
        }
        finally
        {
            await ((IAsyncDisposable)services).DisposeAsync();
        }
    }

    private static string Json(string path) => path.Replace("\\", "/", StringComparison.Ordinal);
}
