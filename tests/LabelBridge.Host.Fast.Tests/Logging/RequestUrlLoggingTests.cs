using LabelBridge.Host.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Host.Tests.Logging;

/// <summary>Issue 15 item 12: no query strings in logs. ASP.NET's and HttpClient's per-request lines print the whole URL
/// (a signed image URL, a token a client put in the query); the console keeps them to warnings, whatever the default
/// level, while LabelBridge's own lines (which log paths, never queries) stay.</summary>
public sealed class RequestUrlLoggingTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("System.Net.Http.HttpClient.cvat.LogicalHandler")]
    [InlineData("System.Net.Http.HttpClient.labelstudio.ClientHandler")]
    public void Request_lines_carrying_whole_urls_are_kept_to_warnings_even_at_debug(string category)
    {
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddLabelBridgeConsole())
            .BuildServiceProvider();

        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void LabelBridge_own_lines_keep_their_level()
    {
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddLabelBridgeConsole())
            .BuildServiceProvider();

        Assert.True(provider.GetRequiredService<ILoggerFactory>().CreateLogger("LabelBridge.Host.Web").IsEnabled(LogLevel.Information));
    }
}
