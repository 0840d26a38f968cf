using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.LabelStudio.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Registered_factory_creates_a_working_label_studio_connector()
    {
        await using var emulator = await LabelStudioEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddSingleton(new SecretResolver(name => name == "LS_KEY" ? emulator.LegacyToken : null));
        services.AddLabelStudioPlatform();
        await using var provider = services.BuildServiceProvider();

        var factory = Assert.Single(provider.GetServices<IPlatformConnectorFactory>());
        var connector = factory.Create(new PlatformOptions
        {
            Name = "ls", Kind = PlatformKind.LabelStudio, Url = emulator.BaseUrl, AuthScheme = PlatformAuthScheme.Token, Credentials = new SecretOptions { Env = "LS_KEY" },
        });
        var status = await connector.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(PlatformKind.LabelStudio, factory.Kind);
        Assert.True(status.Healthy, status.Message);
    }

    [Fact]
    public void Missing_credentials_are_an_unavailable_platform_that_says_where_they_were_looked_for()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SecretResolver(_ => null));
        services.AddLabelStudioPlatform();
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IPlatformConnectorFactory>();

        var error = Assert.Throws<PlatformUnavailableException>(() => factory.Create(new PlatformOptions
        {
            Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("http://127.0.0.1:9/"), Credentials = new SecretOptions { Env = "LS_KEY" },
        }));

        Assert.Contains("LS_KEY", error.Message, StringComparison.Ordinal);
    }
}
