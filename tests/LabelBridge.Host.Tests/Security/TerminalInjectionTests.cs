using LabelBridge.Core.Storage;
using LabelBridge.Host.Cli;
using LabelBridge.Host.Reports;
using LabelBridge.Host.Tests.TriageApi;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.Security;

/// <summary>Issue 15 item 8: label and frame names come from the platform and reach the terminal in the sweep summary;
/// a set-title or clear-screen sequence in one must show as text, not act on the reviewer's terminal.</summary>
public sealed class TerminalInjectionTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task The_sweep_summary_shows_control_characters_of_platform_label_names_as_escapes()
    {
        await using var serve = await TriageServe.StartAsync(SyntheticSweep.Options(directory.Path));
        var report = await SyntheticSweep.WriteAsync(
            serve.App.Services.GetRequiredService<ILabelBridgeStore>(), 20, ["Sandal\u001b]0;pwned\u0007", "Boot\u001b[2J"], flagEvery: 2, Cancel);
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 400;

        SweepSummary.Write(console, report, new ReportFiles("report.json", "report.html"));

        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.Contains("Sandal\\x1B]0;pwned\\x07", text, StringComparison.Ordinal);
        Assert.Contains("Boot\\x1B[2J", text, StringComparison.Ordinal);
    }
}
