using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.Cvat.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Misconfigured_CVAT_platform_and_project_fail_at_start_up_with_every_reason_each_in_its_own_section()
    {
        var services = new ServiceCollection().AddCvatPlatform();
        services.AddOptions<LabelBridgeOptions>().Configure(o =>
        {
            o.Platforms.Add(new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("/relative", UriKind.Relative), AuthScheme = PlatformAuthScheme.Basic, PageSize = 5000 });
            o.Projects.Add(new ProjectOptions { Name = "shelves", Platform = "cvat-main", RemoteProjectId = "shelves" });
        });
        using var provider = services.BuildServiceProvider();

        var platforms = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PlatformsOptions>>().Value);
        var projects = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LabelBridgeOptions>>().Value);

        Assert.Equal(
            ["Platforms[0].Credentials", "Platforms[0].PageSize", "Platforms[0].Url", "Platforms[0].Username"],
            platforms.Failures.Select(f => ConfigProblem.FromFailure(f).Key).Order(StringComparer.Ordinal));
        Assert.Contains(platforms.Failures, f => f.StartsWith("Platforms[0].Url: '/relative' must be an absolute URL", StringComparison.Ordinal));
        Assert.Contains(platforms.Failures, f => f.StartsWith("Platforms[0].Username: is required", StringComparison.Ordinal));
        Assert.StartsWith("Projects[0].RemoteProjectId: 'shelves' must be the CVAT project id", Assert.Single(projects.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Label_Studio_project_id_is_not_judged_by_the_CVAT_rules()
    {
        var services = new ServiceCollection().AddCvatPlatform();
        services.AddOptions<LabelBridgeOptions>().Configure(o =>
        {
            o.Platforms.Add(new PlatformOptions { Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("https://ls.example.org"), AuthScheme = PlatformAuthScheme.Basic, Credentials = new SecretOptions { Env = "LS_TOKEN" } });
            o.Projects.Add(new ProjectOptions { Name = "shelves", Platform = "ls", RemoteProjectId = "" });
        });
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetRequiredService<IOptions<LabelBridgeOptions>>().Value.Projects);
        Assert.Single(provider.GetRequiredService<IOptions<PlatformsOptions>>().Value.Items);
    }

    [Fact]
    public void Well_formed_CVAT_platform_passes()
    {
        var services = new ServiceCollection().AddCvatPlatform();
        services.AddOptions<LabelBridgeOptions>().Configure(o =>
        {
            o.Platforms.Add(new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("https://cvat.example.org"), Credentials = new SecretOptions { Env = "CVAT_TOKEN" } });
            o.Projects.Add(new ProjectOptions { Name = "shelves", Platform = "cvat-main", RemoteProjectId = "12" });
        });
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetRequiredService<IOptions<LabelBridgeOptions>>().Value.Projects);
        Assert.Single(provider.GetRequiredService<IOptions<PlatformsOptions>>().Value.Items);
    }
}
