using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Tests.Configuration;

public sealed class OptionsValidationTests
{
    /// <summary>The <c>Platforms</c> section as the Label Studio part serves it; the whole configuration (cross-section
    /// rules) from <paramref name="provider"/>.</summary>
    private static IOptions<PlatformsOptions> Options(Action<LabelBridgeOptions> configure, out ServiceProvider provider)
    {
        var services = new ServiceCollection().AddLabelStudioPlatform();
        services.AddOptions<LabelBridgeOptions>().Configure(configure);
        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PlatformsOptions>>();
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

        var platforms = Assert.Throws<OptionsValidationException>(() => options.Value);
        var projects = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LabelBridgeOptions>>().Value);

        Assert.StartsWith("Platforms[0].AuthScheme: basic is not supported by Label Studio", Assert.Single(platforms.Failures), StringComparison.Ordinal);
        Assert.StartsWith("Projects[0].RemoteProjectId: 'pets' must be the Label Studio project id", Assert.Single(projects.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_image_host_that_is_not_a_host_fails_at_start_up_without_repeating_it()
    {
        var options = Options(o => o.Platforms.Add(new PlatformOptions
        {
            Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("https://ls.example.org"), Credentials = new SecretOptions { Env = "LS_TOKEN" },
            AllowedImageHosts = ["images.example.org:8443", "user:hunter22@images.example.org", "images.example.org/bucket"],
        }), out var provider);
        using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Equal(
            ["Platforms[0].AllowedImageHosts[1]", "Platforms[0].AllowedImageHosts[2]"],
            error.Failures.Select(f => ConfigProblem.FromFailure(f).Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("hunter22", StringComparison.Ordinal));
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

        Assert.Single(options.Value.Items);
        Assert.Equal("7", Assert.Single(provider.GetRequiredService<IOptions<LabelBridgeOptions>>().Value.Projects).RemoteProjectId);
    }
}
