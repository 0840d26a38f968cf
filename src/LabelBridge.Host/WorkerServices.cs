using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host;

/// <summary>The services every verb shares, built from validated options: a table of contents of the parts.</summary>
internal static class WorkerServices
{
    public static IServiceProvider Build(LabelBridgeOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IOptions<LabelBridgeOptions>>(Options.Create(options));
        services.AddSingleton(new SecretResolver());
        return services.BuildServiceProvider();
    }
}
