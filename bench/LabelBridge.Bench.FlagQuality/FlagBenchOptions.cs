using System.Globalization;

namespace LabelBridge.Bench.FlagQuality;

internal sealed record FlagBenchOptions(
    IReadOnlyList<string> Domains,
    IReadOnlyList<string> Embedders,
    bool Quick,
    string Label,
    string Worker,
    string ModelDirectory,
    string FashionMnist,
    string Emoji,
    string Photos,
    string Results,
    string Command)
{
    public static FlagBenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var quick = args.Contains("--quick");
        return new FlagBenchOptions(
            Value("--domains", "garments,icons").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Value("--embedders", "pixel,mobilenet_v2_mid,auto").Split(',', StringSplitOptions.RemoveEmptyEntries),
            quick,
            Value("--label", "this branch"),
            Path.GetFullPath(Value("--worker", "src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll")),
            Path.GetFullPath(Value("--model-dir", ".models")),
            Value("--fashion-mnist", LabelBridge.Emulators.Scenes.FashionMnist.DefaultDirectory),
            Value("--emoji", "bench/embeddings/node_modules/emoji-datasource-google"),
            Value("--photos", LabelBridge.Emulators.Scenes.PhotoBackdrop.DefaultDirectory),
            Value("--results", "bench/RESULTS.md"),
            Value("--command", "bench/flag-quality/run.sh" + (quick ? " --quick" : "")));
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
