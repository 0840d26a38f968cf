using System.Globalization;
using System.Text.RegularExpressions;

namespace LabelBridge.Host.Tests.Cli;

public sealed partial class DemoCommandTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task The_demo_closes_with_precision_and_recall_of_the_markers_it_wrote()
    {
        var (exitCode, output) = await TestConsole.RunAsync("demo", "--embedder", "pixel", "--frames", "8", "--data", directory.Path);

        Assert.Equal(0, exitCode);
        var planted = int.Parse(Planted().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var closing = Closing().Match(output);
        Assert.True(closing.Success, output);
        var (markers, boxes, hits) = (Number(closing, 1), Number(closing, 2), Number(closing, 3));
        Assert.InRange(boxes, 1, markers);
        Assert.Equal(((double)hits / boxes).ToString("0.00", CultureInfo.InvariantCulture), closing.Groups[4].Value);
        Assert.Equal(((double)hits / planted).ToString("0.00", CultureInfo.InvariantCulture), closing.Groups[5].Value);
        Assert.InRange(Number(closing, 6), 0, boxes);
        var report = await File.ReadAllTextAsync(Path.Combine(directory.Path, "report", "report.html"), TestContext.Current.CancellationToken);
        Assert.Contains("<h2>Annotators and jobs</h2>", report, StringComparison.Ordinal);
        Assert.Contains("<th>annotator</th>", report, StringComparison.Ordinal);
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"boxes, (\d+) planted errors")]
    private static partial Regex Planted();

    [GeneratedRegex(@"(\d+) markers written on (\d+) boxes, (\d+) of them planted errors: precision ([0-9.]+), recall ([0-9.]+); (\d+) boxes with more than one marker")]
    private static partial Regex Closing();
}
