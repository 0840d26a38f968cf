using LabelBridge.Core.Configuration;
using LabelBridge.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Host.Tests.TriagePage;

/// <summary><c>labelbridge serve</c>'s web host on a loopback port, over the harness's store and platform.</summary>
internal sealed class TriageServer(WebApplication app, Uri address) : IAsyncDisposable
{
    public const string Token = "triage-page-test-token";

    public Uri Address => address;

    public static async Task<TriageServer> StartAsync(LabelBridgeOptions options)
    {
        options.Web.Urls = "http://127.0.0.1:0";
        var app = ServeHost.Build(options, new Secret(Token));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TriageServer(app, new Uri(listening));
    }

    public Uri PageUrl(string query = "") => new(address, "/triage/" + query);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
