using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.Cvat.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Misconfigured_CVAT_platform_and_project_fail_at_start_up_with_every_reason()
    {
        var services = new ServiceCollection().AddCvatPlatform();
        services.AddOptions<LabelBridgeOptions>().Configure(o =>
        {
            o.Platforms.Add(new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("/relative", UriKind.Relative), AuthScheme = PlatformAuthScheme.Basic, PageSize = 5000 });
            o.Projects.Add(new ProjectOptions { Name = "shelves", Platform = "cvat-main", RemoteProjectId = "shelves" });
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LabelBridgeOptions>>().Value);

        Assert.Equal(5, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Platforms[0].Url: '/relative' must be an absolute URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Platforms[0].Username: is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Projects[0].RemoteProjectId: 'shelves' must be the CVAT project id", StringComparison.Ordinal));
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
    }
}
