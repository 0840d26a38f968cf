using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.TriageApi;

public sealed partial class TriageAuthTests
{
    [Fact]
    public async Task Every_api_endpoint_refuses_a_request_without_the_token_or_with_a_forged_cookie()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var endpoints = serve.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/api/", StringComparison.Ordinal))
            .Where(e => e.RoutePattern.RawText!.TrimStart('/') != "api/session")
            .ToList();
        var anonymous = serve.Client(token: null);
        var forgedCookies = new CookieContainer();
        forgedCookies.Add(serve.Address, new Cookie("labelbridge_session", Convert.ToBase64String(Encoding.UTF8.GetBytes(TriageServe.Token))));
        var forged = serve.Client(token: null, forgedCookies);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.Contains("decisions", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.Contains("openapi", StringComparison.Ordinal));
        foreach (var endpoint in endpoints)
        {
            var path = "/" + RouteParameter().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), m => m.Groups[1].Value == "sweepId" ? "1" : "synthetic");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                foreach (var client in new[] { anonymous, forged })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method != "GET")
                    {
                        request.Content = JsonContent.Create(new { });
                    }

                    using var response = await client.SendAsync(request, Cancel);
                    // Past ten wrong tokens the client is throttled (429) instead: refused either way.
                    Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"{method} {path} answered {(int)response.StatusCode} without a valid token");
                }
            }
        }
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_cookie_that_opens_the_api_and_does_not_contain_the_token()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var cookies = new CookieContainer();
        var page = serve.Client(token: null, cookies);

        using var refused = await page.PostAsJsonAsync("/api/session", new { token = "not-the-token" }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("/api/projects", Cancel)).StatusCode);
        using var signedIn = await page.PostAsJsonAsync("/api/session", new { token = TriageServe.Token }, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var setCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        var value = cookies.GetCookies(serve.Address)["labelbridge_session"]!.Value;
        Assert.DoesNotContain(TriageServe.Token, value, StringComparison.Ordinal);
        Assert.StartsWith("v2.", value, StringComparison.Ordinal);
        Assert.Contains("max-age=43200", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/api/projects", Cancel)).StatusCode);

        using var signedOut = await page.DeleteAsync("/api/session", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("/api/projects", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_triage_endpoint()
    {
        using var directory = new TempDirectory();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));

        var document = await serve.Client().GetJsonAsync("/api/openapi.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/session", "/api/projects/{project}/history", "/api/projects/{project}/thumbnails", "/api/sweeps/{sweepId}/summary",
            "/api/sweeps/{sweepId}/points", "/api/sweeps/{sweepId}/findings", "/api/sweeps/{sweepId}/selection", "/api/sweeps/{sweepId}/confusion",
            "/api/sweeps/{sweepId}/decisions", "/api/sweeps/{sweepId}/needs-review",
        })
        {
            Assert.True(paths.TryGetProperty(path, out var operations), $"{path} is not in the OpenAPI document");
            Assert.All(operations.EnumerateObject(), o => Assert.False(string.IsNullOrEmpty(o.Value.GetProperty("summary").GetString())));
        }
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
