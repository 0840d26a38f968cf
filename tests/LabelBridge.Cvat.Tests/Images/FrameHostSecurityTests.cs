using System.Collections.Concurrent;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Cvat.Tests.Images;

/// <summary>CVAT frames come from the configured server only: an image reference that is a URL, or a server answering
/// with a redirect, never makes LabelBridge call another host.</summary>
public sealed class FrameHostSecurityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_image_reference_that_is_a_url_to_another_host_is_refused_and_that_host_receives_nothing()
    {
        await using var other = await RecordingServer.StartAsync(redirectTo: null);
        await using var harness = await CvatHarness.StartAsync();
        var item = new Item("cvat:task/1/frame/0", "c", 10, 10, new ItemLocation(TaskId: 1, JobId: 2, Frame: 0), new Uri(other.Address, "/x.png").ToString(), "x.png");

        var image = await harness.Connector().FetchImageAsync(item, Token);

        Assert.Null(image.Bytes);
        Assert.Contains("is not a CVAT frame reference", image.Problem!.Reason, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task A_server_that_redirects_to_another_host_is_not_followed()
    {
        await using var other = await RecordingServer.StartAsync(redirectTo: null);
        await using var redirector = await RecordingServer.StartAsync(redirectTo: other.Address);
        await using var harness = await CvatHarness.StartAsync();

        await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector(p => p.Url = redirector.Address).ReadProjectAsync("1", Token));

        Assert.NotEmpty(redirector.Requests);
        Assert.Empty(other.Requests);
    }

    /// <summary>A loopback server standing for another host: records requests; answers 200 JSON, or a redirect.</summary>
    private sealed class RecordingServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address => address;

        public ConcurrentQueue<string> Requests { get; } = new();

        public static async Task<RecordingServer> StartAsync(Uri? redirectTo)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            RecordingServer? server = null;
            app.Run(async context =>
            {
                server!.Requests.Enqueue(context.Request.Path);
                if (redirectTo is not null)
                {
                    context.Response.Redirect(new Uri(redirectTo, context.Request.Path.Value).ToString());
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{}", context.RequestAborted);
            });
            await app.StartAsync(Token);
            server = new RecordingServer(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
