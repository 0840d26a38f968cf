using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Bench.Embeddings.Runs;
using LabelBridge.Emulators.Scenes;

// Usage: LabelBridge.Bench.Embeddings [choice|scenes|throughput|all] --work DIR --emoji DIR --fashion DIR --photos DIR [--results FILE] [--command TEXT]
//        [--scene-frames 120] [--sizes 96,128,160] [--candidates pixel,mobilenet_v2_mid,nanodet,...] (pixel first: combinations are built with it)
var arguments = Arguments.Parse(args);
var what = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var work = Path.GetFullPath(arguments.Get("work", Path.Combine(Path.GetTempPath(), "labelbridge-bench-embeddings")));
var models = Path.Combine(work, "models");
var cancellation = CancellationToken.None;
// --sizes and --candidates narrow a run (e.g. on a loaded machine) to the rows that matter for one decision.
var sizes = arguments.Get("sizes", "96,128,160").Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).ToArray();
var objectModels = BenchModels.ObjectModels.Where(m => arguments.TryGet("candidates") is not { } only || only.Split(',').Contains(m.Name)).ToList();
await BenchModels.InstallAsync(models, sizes, objectModels, cancellation);

var report = new StringBuilder();
report.AppendLine(string.Create(CultureInfo.InvariantCulture,
    $"Command: `{arguments.Get("command", "bench/embeddings/run.sh")}`. Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, ONNX Runtime intra-op threads = cores, Release build."));
report.AppendLine();
report.AppendLine($"Load average (1/5/15 min) at the start: {LoadAverage()}.");
report.AppendLine();

if (what is "choice" or "all")
{
    string[] candidates = arguments.TryGet("candidates") is { } chosen
        ? chosen.Split(',')
        : ["pixel", "mobilenet_v2_mid_96", "mobilenet_v2_mid", "mobilenet_v2_mid_160", .. BenchModels.ObjectModels.Select(m => m.Name)];
    report.AppendLine("### Embedder choice across domains");
    report.AppendLine();
    report.AppendLine("Candidates: pixels (16×16 grey, contrast-normalised), the default model `mobilenet_v2_mid` (nsfwjs 4.3.0 MobileNetV2 cut at expanded_conv_13/expand, pooled) at 96/128/160 px input, the COCO detectors' backbones `nanodet` (NanoDet cut at its last CSP concatenation, 128 px, NCHW BGR mean/std) and `centernet-mobilenetv3` (CenterNet's MobileNetV3 cut at expanded_conv_13/add, 224 px, raw 0–255 RGB), and each model combined with pixels (combination rows are composed from the parts' runs exactly as the embedder composes them; their patches/s is the parts' combined rate). 10-NN accuracy: leave-one-out, similarity-weighted vote of the 10 nearest against the true labels. Label-noise AUROC: 10% of labels flipped (seed 42), each object scored by its neighbours' disagreement with its label. `auto` ran on the noisy labels, as it would on a real project, with its default sample of up to 2000 objects.");
    report.AppendLine();
    var fashion = FashionDomain.Build(arguments.Get("fashion", "/usr/share/datasets/fashion-mnist"), objects: 1500, seed: 7);
    report.Append(await ChoiceBench.RunAsync([fashion], candidates, work, models, cancellation));
    var (byCategory, bySubcategory) = EmojiDomain.Build(arguments.Get("emoji", "bench/embeddings/node_modules/emoji-datasource-google"));
    report.Append(await ChoiceBench.RunAsync([byCategory, bySubcategory], candidates, work, models, cancellation));
}

if (what is "scenes" or "all")
{
    // The flag-quality bench's two scene domains, so the embedder is judged on the crops a sweep of those projects embeds.
    string[] candidates = arguments.TryGet("candidates") is { } chosen ? chosen.Split(',') : ["pixel", "mobilenet_v2_mid", .. BenchModels.ObjectModels.Select(m => m.Name)];
    var frames = int.Parse(arguments.Get("scene-frames", "120"), CultureInfo.InvariantCulture);
    report.AppendLine("### Embedder choice on scene crops (garments on shelves, icons on photographs)");
    report.AppendLine();
    report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"The flag-quality bench's scene generator (src/LabelBridge.Emulators/Scenes), {frames} frames of 4 objects per domain, true classes only (the bench flips its own 10%, seed 42); each box is cropped by the embedder as a sweep crops a CVAT rectangle. Same metrics as above; CPU ms/patch is this process's CPU time over the run."));
    report.AppendLine();
    var fashionMnist = await FashionMnist.LoadAsync(arguments.Get("fashion", FashionMnist.DefaultDirectory), cancellation);
    var garments = SceneCropsDomain.Build("garments on shelves", SceneDomain.Garments(fashionMnist), frames, seed: 14);
    report.Append(await ChoiceBench.RunAsync([garments], candidates, work, models, cancellation));
    var emojiSprites = await EmojiSprites.LoadAsync(arguments.Get("emoji", "bench/embeddings/node_modules/emoji-datasource-google"), cancellation);
    using var backdrop = PhotoBackdrop.Load(arguments.Get("photos", PhotoBackdrop.DefaultDirectory));
    var icons = SceneCropsDomain.Build("icons on photographs", SceneDomain.Icons(emojiSprites, backdrop), frames, seed: 15);
    report.Append(await ChoiceBench.RunAsync([icons], candidates, work, models, cancellation));
}

if (what is "int8")
{
    // Issue 19 item 4: the default model in int8 against float32. Its section goes into RESULTS.md by hand (it is not part of "all").
    report.AppendLine("### Int8 default model against float32 (issue 19, item 4)");
    report.AppendLine();
    var fashion = FashionDomain.Build(arguments.Get("fashion", "/usr/share/datasets/fashion-mnist"), objects: 1500, seed: 7);
    var (byCategory, bySubcategory) = EmojiDomain.Build(arguments.Get("emoji", "bench/embeddings/node_modules/emoji-datasource-google"));
    var repeats = int.Parse(arguments.Get("repeats", "5"), CultureInfo.InvariantCulture);
    report.Append(await Int8Bench.RunAsync([[fashion], [byCategory, bySubcategory]], arguments.Get("photos", "/usr/lib/python3/dist-packages/skimage/data"), work, models, repeats,
        int.Parse(arguments.Get("calibration-patches", "256"), CultureInfo.InvariantCulture), double.Parse(arguments.Get("percentile", "99.999"), CultureInfo.InvariantCulture),
        int.Parse(arguments.Get("calibration-seed", "5"), CultureInfo.InvariantCulture), arguments.Get("calibration-source", "photos") == "domain", cancellation));
}

if (what is "pipeline")
{
    // Issue 19 item 4: pipeline against bare ONNX Runtime at one batch size, alternating runs (copied into RESULTS.md by hand).
    var batch = int.Parse(arguments.Get("batch", "32"), CultureInfo.InvariantCulture);
    var model = arguments.Get("model", "mobilenet_v2_mid");
    var items = int.Parse(arguments.Get("items", "200"), CultureInfo.InvariantCulture);
    report.AppendLine(Invariant($"### Pipeline against bare ONNX Runtime, alternating ({model}, batch {batch}, {items} photos × 20 boxes per pipeline run)"));
    report.AppendLine();
    var photos = PhotoDomain.Build(arguments.Get("photos", "/usr/lib/python3/dist-packages/skimage/data"), items, boxesPerItem: 20, seed: 11);
    report.Append(await ThroughputBench.AlternatingAsync(photos, work, models, model, batch, int.Parse(arguments.Get("repeats", "5"), CultureInfo.InvariantCulture), cancellation));
}

if (what is "parts")
{
    var photos = PhotoDomain.Build(arguments.Get("photos", "/usr/lib/python3/dist-packages/skimage/data"), int.Parse(arguments.Get("items", "100"), CultureInfo.InvariantCulture), boxesPerItem: 20, seed: 11);
    report.Append(await PipelineParts.RunAsync(photos, models, arguments.Get("model", "mobilenet_v2_mid"), int.Parse(arguments.Get("batch", "32"), CultureInfo.InvariantCulture), cancellation));
}

if (what is "throughput" or "all")
{
    report.AppendLine("### Pipeline throughput vs bare ONNX Runtime");
    report.AppendLine();
    var photos = PhotoDomain.Build(arguments.Get("photos", "/usr/lib/python3/dist-packages/skimage/data"), items: 500, boxesPerItem: 20, seed: 11);
    report.Append(await ThroughputBench.RunAsync(photos, work, models, cancellation));
}

report.AppendLine();
report.AppendLine($"Load average (1/5/15 min) at the end: {LoadAverage()} — the machine was shared with other work while this ran, so absolute rates are noisy; ratios were measured back to back.");
Console.WriteLine(report);
// A scenes-only run would replace the whole section with its own tables: its rows are copied into RESULTS.md by hand.
if (what is not ("scenes" or "int8" or "pipeline" or "parts") && arguments.TryGet("results") is { } results)
{
    ResultsFile.WriteSection(results, report.ToString());
}

return 0;

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                values[args[i][2..]] = args[++i];
            }
        }

        return new Arguments(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public string? TryGet(string name) => values.GetValueOrDefault(name);
}
