using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.LabelStudio.Tests.Images;

/// <summary>A second server on loopback standing for any host that is not Label Studio: it records every request, and
/// answers an image, or a redirect to <c>redirectTo</c> when one is given.</summary>
internal sealed class OtherHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtherHost(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<OtherHost> StartAsync(Uri? redirectTo = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OtherHost? host = null;
        app.Run(async context =>
        {
            host!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (redirectTo is not null)
            {
                context.Response.Redirect(redirectTo.ToString());
                return;
            }

            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(Emulators.LabelStudio.TestImages.Png(20, 10), context.RequestAborted);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new OtherHost(app, new Uri(address));
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
