using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Cli;
using LabelBridge.Host.Tests.Cli;
using LabelBridge.Host.Reports;
using LabelBridge.Host.Tests.TriageApi;
using LabelBridge.Host.Web;
using LabelBridge.Host.Web.Session;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.Security;

public sealed partial class WebHardeningTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_sign_in_body_larger_than_any_token_is_refused_with_413()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var anonymous = serve.Client(token: null);

        using var huge = await anonymous.PostAsync("/api/session", new StringContent($$"""{"token":"{{new string('x', 1024 * 1024)}}"}""", Encoding.UTF8, "application/json"), Cancel);
        using var small = await anonymous.PostAsJsonAsync("/api/session", new { token = TriageServe.Token }, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, small.StatusCode);
    }

    [Fact]
    public async Task A_write_riding_on_the_session_cookie_needs_the_csrf_header_or_a_json_body()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var cookies = new CookieContainer();
        var page = serve.Client(token: null, cookies);
        (await page.PostAsJsonAsync("/api/session", new { token = TriageServe.Token }, Cancel)).EnsureSuccessStatusCode();
        const string sweeps = "/api/projects/synthetic/sweeps";

        using var form = await page.PostAsync(sweeps, new FormUrlEncodedContent([new("run", "1")]), Cancel);
        using var text = await page.PostAsync(sweeps, new StringContent("{}", Encoding.UTF8, "text/plain"), Cancel);
        using var empty = await page.PostAsync(sweeps, null, Cancel);
        using var withHeader = new HttpRequestMessage(HttpMethod.Post, sweeps);
        withHeader.Headers.Add(ApiTokenFilter.CsrfHeader, "1");
        using var fromPage = await page.SendAsync(withHeader, Cancel);
        using var bearer = await serve.Client().PostAsync(sweeps, null, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, text.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fromPage.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, bearer.StatusCode);
    }

    [Fact]
    public async Task A_client_guessing_tokens_is_refused_with_429_after_ten_failures_even_with_the_right_one_and_each_failure_is_a_warning()
    {
        using var logs = new RecordingLoggerProvider();
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path), logs);
        var guesser = serve.Client("not-the-token");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            using var response = await guesser.GetAsync("/api/projects", Cancel);
            statuses.Add(response.StatusCode);
        }

        using var throttled = await guesser.GetAsync("/api/projects", Cancel);
        using var signIn = await serve.Client(token: null).PostAsJsonAsync("/api/session", new { token = TriageServe.Token }, Cancel);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        var refusals = logs.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("/api/projects refused", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count >= SignInThrottle.MaxFailures, string.Join(Environment.NewLine, logs.Lines));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("not-the-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_revokes_the_session_cookie_on_the_server()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var cookies = new CookieContainer();
        var page = serve.Client(token: null, cookies);
        (await page.PostAsJsonAsync("/api/session", new { token = TriageServe.Token }, Cancel)).EnsureSuccessStatusCode();
        var cookie = cookies.GetCookies(serve.Address)[ApiCredentials.CookieName]!.Value;
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/api/projects", Cancel)).StatusCode);

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        signOut.Headers.Add(ApiTokenFilter.CsrfHeader, "1");
        (await page.SendAsync(signOut, Cancel)).EnsureSuccessStatusCode();
        var replayCookies = new CookieContainer();
        replayCookies.Add(serve.Address, new Cookie(ApiCredentials.CookieName, cookie));
        using var replayed = await serve.Client(token: null, replayCookies).GetAsync("/api/projects", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public void A_session_cookie_expires_after_its_lifetime_and_is_bound_to_the_token()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var credentials = new ApiCredentials(new Secret("the-api-token-0123456789abcdef0123"), TimeSpan.FromHours(12), time);
        var otherToken = new ApiCredentials(new Secret("another-api-token-0123456789abcdef"), TimeSpan.FromHours(12), time);
        var cookie = credentials.IssueCookie();
        var tampered = cookie[..^2] + (cookie[^2..] == "AA" ? "AB" : "AA");

        var fresh = credentials.IsSessionCookie(cookie);
        time.Advance(TimeSpan.FromHours(11.9));
        var beforeExpiry = credentials.IsSessionCookie(cookie);
        time.Advance(TimeSpan.FromHours(0.2));
        var afterExpiry = credentials.IsSessionCookie(cookie);

        Assert.True(fresh);
        Assert.True(beforeExpiry);
        Assert.False(afterExpiry);
        Assert.False(otherToken.IsSessionCookie(cookie));
        Assert.False(credentials.IsSessionCookie(tampered));
        Assert.DoesNotContain("the-api-token", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_triage_page_and_the_served_report_forbid_framing_sniffing_and_foreign_scripts()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var client = serve.Client();
        var sweep = await SyntheticSweep.WriteAsync(serve.App.Services.GetRequiredService<ILabelBridgeStore>(), 50, ["a", "b"], flagEvery: 5, Cancel);

        using var page = await client.GetAsync("/triage/", Cancel);
        using var report = await client.GetAsync($"/api/sweeps/{sweep.SweepId}/report.html", Cancel);
        using var refused = await serve.Client(token: null).GetAsync("/api/projects", Cancel);

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("default-src 'none'", report.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (var response in new[] { page, report, refused })
        {
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_pins_its_one_inline_script_by_hash()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(serve.App.Services.GetRequiredService<ILabelBridgeStore>(), 50, ["a", "b"], flagEvery: 5, Cancel);

        var html = HtmlReport.Render(report);

        var scripts = InlineScript().Matches(html).Select(m => m.Groups["body"].Value).ToList();
        var script = Assert.Single(scripts);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_file_is_written_streaming_as_the_served_page_and_a_label_cannot_close_its_data_element()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(serve.App.Services.GetRequiredService<ILabelBridgeStore>(), 50, ["a", "</script><b>x"], flagEvery: 5, Cancel);

        var files = await LabelBridge.Host.Reports.ReportWriter.WriteAsync(report, Path.Combine(directory.Path, "report"), Cancel);

        var written = await File.ReadAllTextAsync(files.Html, Cancel);
        Assert.Equal(HtmlReport.Render(report), written);
        Assert.Single(InlineScript().Matches(written));
        Assert.DoesNotContain("</script><b>", written, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E\\u003Cb\\u003Ex", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_an_api_token_shorter_than_32_characters()
    {
        var variable = $"LB_TEST_SHORT_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "short-token");
        var path = directory.Write("labelbridge.json", $$"""
            {
              "Platforms": [ { "Name": "cvat", "Kind": "cvat", "Url": "http://127.0.0.1:9", "Credentials": { "Env": "UNSET_TEST_TOKEN" } } ],
              "Projects": [ { "Name": "p", "Platform": "cvat", "RemoteProjectId": "1" } ],
              "Web": { "Urls": "http://127.0.0.1:0", "ApiToken": { "Env": "{{variable}}" } }
            }
            """);

        var (exitCode, output) = await TestConsole.RunAsync("serve", "--config", path);

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("shorter than 32 characters", output, StringComparison.Ordinal);
        Assert.DoesNotContain("short-token", output, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex InlineScript();
}
