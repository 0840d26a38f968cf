using System.Diagnostics;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat;
using LabelBridge.LabelStudio;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Bench.WriteBack;

/// <summary>Connectors built the way the host builds them (AddCvatPlatform / AddLabelStudioPlatform), the credential
/// handed over through the secret resolver, and a timer of wall and process CPU time.</summary>
internal static class BenchConnectors
{
    private const string TokenVariable = "LB_BENCH_TOKEN";

    public static (ServiceProvider Services, IPlatformConnector Connector) Create(PlatformKind kind, Uri url, string token, int maxConcurrent)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new SecretResolver(name => name == TokenVariable ? token : null));
        if (kind == PlatformKind.Cvat)
        {
            services.AddCvatPlatform();
        }
        else
        {
            services.AddLabelStudioPlatform();
        }

        var provider = services.BuildServiceProvider();
        var platform = new PlatformOptions
        {
            Name = $"bench-{kind}",
            Kind = kind,
            Url = url,
            AuthScheme = PlatformAuthScheme.Bearer,
            Credentials = new SecretOptions { Env = TokenVariable },
            MaxConcurrentRequests = maxConcurrent,
            RequestTimeout = TimeSpan.FromSeconds(60),
        };
        var connector = provider.GetServices<IPlatformConnectorFactory>().Single(f => f.Kind == kind).Create(platform);
        return (provider, connector);
    }

    public static async Task<(T Result, double Wall, double Cpu)> TimeAsync<T>(Func<Task<T>> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = await run();
        wall.Stop();
        process.Refresh();
        return (result, wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }
}
