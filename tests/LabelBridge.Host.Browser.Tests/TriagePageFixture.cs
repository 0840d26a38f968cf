using System.Text.Json;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Tests.TriageApi;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>One CVAT emulator project swept once, <c>serve</c> over its store, and one browser, shared by a test class.</summary>
public class TriagePageFixture : IAsyncLifetime
{
    private TriageBrowser? browser;

    internal SweepHarness Harness { get; private set; } = null!;

    internal TriageServe Server { get; private set; } = null!;

    internal SweepOutcome FirstSweep { get; private set; } = null!;

    internal static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async ValueTask InitializeAsync()
    {
        Harness = await StartHarnessAsync();
        FirstSweep = await Harness.SweepAsync();
        Assert.Equal(Core.Storage.SweepStatus.Succeeded, FirstSweep.Status);
        Server = await TriageServe.StartAsync(Harness.Options);
        browser = await TriageBrowser.LaunchAsync();
    }

    internal virtual Task<SweepHarness> StartHarnessAsync() => SweepHarness.StartCvatAsync();

    /// <summary>A fresh browser context (no session cookie) on the page; signs in through the page's token prompt.</summary>
    internal async Task<IPage> OpenAsync(string query)
    {
        var page = await NewPageAsync(query);
        await page.Locator("#token-input").FillAsync(TriageServe.Token);
        await page.Locator("#token-form button[type=submit]").ClickAsync();
        await WaitUntilReadyAsync(page);
        return page;
    }

    internal async Task<IPage> NewPageAsync(string query)
    {
        var context = await browser!.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Server.PageUrl(query).ToString());
        return page;
    }

    /// <param name="page">The triage page.</param>
    /// <param name="timeoutMilliseconds">How long to wait; the frame-rate bench waits longer to measure a slow first draw.</param>
    internal static Task WaitUntilReadyAsync(IPage page, float timeoutMilliseconds = 30_000) =>
        page.WaitForFunctionAsync("() => window.labelBridge && window.labelBridge.ready === true", null, new PageWaitForFunctionOptions { Timeout = timeoutMilliseconds });

    internal static async Task<T> HookAsync<T>(IPage page, string expression, object? argument = null) =>
        JsonSerializer.Deserialize<T>((await page.EvaluateAsync(expression, argument))!.Value.GetRawText(), JsonOptions)!;

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Harness is not null)
        {
            await Harness.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
