using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Host.Tests.TriageApi;

/// <summary><c>labelbridge serve</c>'s web host on a loopback port, with clients that send the token, a cookie, or
/// nothing, and the triage page's address for the browser tests.</summary>
internal sealed class TriageServe : IAsyncDisposable
{
    public const string Token = "triage-api-token-for-tests-0123456789";

    private readonly List<HttpClient> clients = [];

    private TriageServe(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public Uri PageUrl(string query = "") => new(Address, "/triage/" + query);

    public static async Task<TriageServe> StartAsync(LabelBridgeOptions options)
    {
        options.Web.Urls = "http://127.0.0.1:0";
        var app = ServeHost.Build(options, new Secret(Token));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TriageServe(app, new Uri(address));
    }

    /// <summary>A client sending <paramref name="token"/> as bearer (none when null), decompressing gzip and brotli.</summary>
    public HttpClient Client(string? token = Token, CookieContainer? cookies = null, bool decompress = true)
    {
        var handler = new HttpClientHandler { AutomaticDecompression = decompress ? DecompressionMethods.All : DecompressionMethods.None, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

internal static class TriageHttp
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => client.GetFromJsonAsync<JsonElement>(path, Cancel);

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    /// <summary>The status and the problem title of a refused request.</summary>
    public static async Task<(HttpStatusCode Status, string? Title)> ProblemAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        var title = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonDocument.Parse(body).RootElement.GetProperty("title").GetString() : null;
        return (response.StatusCode, title);
    }
}
