using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Tests.Configuration;

public sealed class OptionsValidationTests
{
    private static IOptions<LabelBridgeOptions> Options(Action<LabelBridgeOptions> configure, out ServiceProvider provider)
    {
        var services = new ServiceCollection().AddLabelStudioPlatform();
        services.AddOptions<LabelBridgeOptions>().Configure(configure);
        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LabelBridgeOptions>>();
    }

    [Fact]
    public void Basic_auth_and_a_non_numeric_project_id_on_Label_Studio_fail_at_start_up_with_their_keys()
    {
        var options = Options(o =>
        {
            o.Platforms.Add(new PlatformOptions { Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("https://ls.example.org"), AuthScheme = PlatformAuthScheme.Basic, Credentials = new SecretOptions { Env = "LS_TOKEN" } });
            o.Projects.Add(new ProjectOptions { Name = "pets", Platform = "ls", RemoteProjectId = "pets" });
        }, out var provider);
        using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Platforms[0].AuthScheme: basic is not supported by Label Studio", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Projects[0].RemoteProjectId: 'pets' must be the Label Studio project id", StringComparison.Ordinal));
    }

    [Fact]
    public void The_transport_settings_of_a_Label_Studio_platform_are_checked_too()
    {
        var options = Options(o => o.Platforms.Add(new PlatformOptions
        {
            Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("https://ls.example.org"), Credentials = new SecretOptions { Env = "LS_TOKEN" },
            CircuitBreakDuration = TimeSpan.FromMilliseconds(100), MaxConcurrentRequests = 0,
        }), out var provider);
        using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Equal(
            ["Platforms[0].CircuitBreakDuration", "Platforms[0].MaxConcurrentRequests"],
            error.Failures.Select(f => ConfigProblem.FromFailure(f).Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_well_formed_Label_Studio_platform_passes()
    {
        var options = Options(o =>
        {
            o.Platforms.Add(new PlatformOptions { Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("https://ls.example.org"), Credentials = new SecretOptions { Env = "LS_TOKEN" } });
            o.Projects.Add(new ProjectOptions { Name = "pets", Platform = "ls", RemoteProjectId = "7" });
        }, out var provider);
        using var _ = provider;

        Assert.Equal("7", Assert.Single(options.Value.Projects).RemoteProjectId);
    }
}
