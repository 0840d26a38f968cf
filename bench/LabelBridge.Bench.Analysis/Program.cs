using System.Diagnostics;
using System.Globalization;
using LabelBridge.Bench.Analysis;

var verb = args.Length > 0 ? args[0] : "quality";
var dataDirectory = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? "/usr/share/datasets/fashion-mnist";
var outDirectory = args.Length > 1 ? args[1] : "out";
Directory.CreateDirectory(outDirectory);
var clock = Stopwatch.StartNew();
const int InjectedPatches = 210;

switch (verb)
{
    case "prepare":
        {
            var (pixels, labels) = FashionMnist.Load(dataDirectory);
            SpeedBench.Prepare(pixels, labels.Length, outDirectory);
            break;
        }

    case "exact":
        SpeedBench.Exact(args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
        break;

    case "prepare-1m":
        {
            var (pixels, labels) = FashionMnist.Load(dataDirectory);
            MillionSet.Write(pixels, labels.Length, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000, Path.Combine(outDirectory, "augmented-1m-pca64.f32"), 42);
            break;
        }

    case "exact-sample":
        MillionSet.ExactSample(args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), 42);
        break;

    case "hnsw":
        SpeedBench.Approximate(args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
        break;

    case "similar":
        await SimilarBench.RunAsync(dataDirectory, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200, outDirectory);
        break;

    case "classifier":
        ClassifierSpeed.Run(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        break;

    case "compare-classifier":
        {
            var (pixels, labels) = ClassifierSubset(dataDirectory);
            ClassifierComparison.Run("pixels PCA-64", Representations.PcaNormalised(pixels, labels.Length, FashionMnist.Pixels, 64, 42), 64, labels);
            ClassifierComparison.Run("pixels 784-d", Representations.Normalised(pixels, FashionMnist.Pixels), FashionMnist.Pixels, labels);
            break;
        }

    case "network-scenes":
        HiddenLayerNetwork.CompareOnScenes(args.Skip(2));
        break;

    case "network":
        {
            var (pixels, labels) = ClassifierSubset(dataDirectory);
            HiddenLayerNetwork.CompareOnNoise("pixels PCA-64", Representations.PcaNormalised(pixels, labels.Length, FashionMnist.Pixels, 64, 42), 64, labels);
            if (Environment.GetEnvironmentVariable("BENCH_SKIP_784") != "1")
            {
                HiddenLayerNetwork.CompareOnNoise("pixels 784-d", Representations.Normalised(pixels, FashionMnist.Pixels), FashionMnist.Pixels, labels);
            }

            break;
        }

    case "probe":
        Probe.Run(args.Skip(2));
        break;

    case "replay":
        Replay.Run(args[2], args[3], args.Length > 4 ? args[4] : args[2]);
        break;

    case "umap":
        SpeedBench.Umap(args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
        break;

    case "trust":
        SpeedBench.TrustOf(args[2], args[3], args[4], args[5]);
        break;

    case "embed":
        {
            var (pixels, labels) = FashionMnist.Load(dataDirectory);
            var subset = Subset.Stratified(labels, QualityRows(labels.Length), 42);
            await ModelEmbeddings.WriteAsync(pixels, subset, args[2], args[3], args[4], CancellationToken.None);
            await ModelEmbeddings.WriteAsync(SyntheticPatches.Create(InjectedPatches, 42), [.. Enumerable.Range(0, InjectedPatches)], args[2], args[3], args[4] + ".patches", CancellationToken.None);
            break;
        }

    case "large-path":
        {
            // Outlier (and mislabel) quality on the full-dimension path against the PCA-64 path the analysis takes above
            // ExactSearchLimit, same vectors, same run: pixels, and the default model's rows when MODEL_EMBEDDINGS is set.
            var (pixels, labels) = FashionMnist.Load(dataDirectory);
            var count = labels.Length;
            var random = new Random(42);
            var patchLabels = labels.Concat(Enumerable.Range(0, InjectedPatches).Select(_ => random.Next(10))).ToArray();
            var sets = new List<(string Name, float[] Clean, float[] WithPatches, int Dimension)>();
            if (Environment.GetEnvironmentVariable("BENCH_SKIP_PIXELS") != "1")
            {
                var withPatches = Representations.Normalised(pixels.Concat(SyntheticPatches.Create(InjectedPatches, 42)).ToArray(), FashionMnist.Pixels);
                sets.Add(("pixels 784-d", withPatches[..(count * FashionMnist.Pixels)], withPatches, FashionMnist.Pixels));
            }

            var model = Environment.GetEnvironmentVariable("MODEL_EMBEDDINGS");
            if (model is not null && File.Exists(model) && File.Exists(model + ".patches"))
            {
                var clean = Representations.ReadFloats(model);
                var modelDimension = clean.Length / count;
                sets.Add(($"default model {modelDimension}-d", clean, clean.Concat(Representations.ReadFloats(model + ".patches")).ToArray(), modelDimension));
            }

            LargePathBench.Header();
            foreach (var (name, _, withPatches, dimension) in sets.Where(_ => Environment.GetEnvironmentVariable("BENCH_SKIP_OUTLIERS") != "1"))
            {
                LargePathBench.Outliers(name, withPatches, dimension, patchLabels, InjectedPatches);
            }

            if (Environment.GetEnvironmentVariable("BENCH_SKIP_MISLABEL") != "1")
            {
                foreach (var (name, clean, _, dimension) in sets)
                {
                    LargePathBench.Mislabels(name, clean, dimension, labels);
                }
            }

            break;
        }

    case "pool-latency":
        await PoolLatency.RunAsync(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        break;

    case "sweep-written":
        {
            // What the shipped analysis (a sweep's) writes on the full Fashion-MNIST with injected noise: the default
            // model's rows (MODEL_EMBEDDINGS), else the normalised pixels; above ExactSearchLimit that is the large path.
            var (pixels, labels) = FashionMnist.Load(dataDirectory);
            var model = Environment.GetEnvironmentVariable("MODEL_EMBEDDINGS");
            if (model is not null && File.Exists(model))
            {
                var vectors = Representations.ReadFloats(model);
                SweepWritten.Run($"default model {vectors.Length / labels.Length}-d", vectors, vectors.Length / labels.Length, labels);
            }
            else
            {
                SweepWritten.Run("pixels 784-d", Representations.Normalised(pixels, FashionMnist.Pixels), FashionMnist.Pixels, labels);
            }

            break;
        }

    case "quality":
        {
            if (Environment.GetEnvironmentVariable("BENCH_SKIP_PIXELS") == "1")
            {
                var (_, allLabels) = FashionMnist.Load(dataDirectory);
                var modelOnly = Environment.GetEnvironmentVariable("MODEL_EMBEDDINGS")!;
                var modelVectors = Representations.ReadFloats(modelOnly);
                Console.WriteLine("| vectors | noise | scorer | AUROC | precision@recall0.8 |");
                Console.WriteLine("|---|---|---|---|---|");
                QualityBench.Run("default model", modelVectors, modelVectors.Length / allLabels.Length, allLabels);
                break;
            }

            var (pixels, labels) = FashionMnist.Load(dataDirectory);
            var rows = QualityRows(labels.Length);
            if (rows < labels.Length)
            {
                (pixels, labels) = Subset.Take(pixels, FashionMnist.Pixels, labels, Subset.Stratified(labels, rows, 42));
                Console.WriteLine($"Seeded stratified subset (seed 42): {labels.Length} of 70000 rows, the same share of every class.");
                Console.WriteLine();
            }

            var count = labels.Length;
            if (Environment.GetEnvironmentVariable("BENCH_SKIP_MISLABEL") == "1")
            {
                Outliers(pixels, labels);
                break;
            }

            Console.WriteLine("| vectors | noise | scorer | AUROC | precision@recall0.8 |");
            Console.WriteLine("|---|---|---|---|---|");
            var raw = Representations.Normalised(pixels, FashionMnist.Pixels);
            QualityBench.Run("pixels 784-d", raw, FashionMnist.Pixels, labels);
            var pca = Representations.PcaNormalised(pixels, count, FashionMnist.Pixels, 64, 42);
            QualityBench.Run("pixels PCA-64", pca, 64, labels);
            var model = Environment.GetEnvironmentVariable("MODEL_EMBEDDINGS");
            if (model is not null && File.Exists(model))
            {
                var vectors = Representations.ReadFloats(model);
                QualityBench.Run("default model", vectors, vectors.Length / count, labels);
            }

            if (Environment.GetEnvironmentVariable("BENCH_SKIP_OUTLIERS") == "1")
            {
                break;
            }

            Outliers(pixels, labels);
            break;
        }

    default:
        Console.Error.WriteLine($"Unknown verb '{verb}'. Use: quality | sweep-written | pool-latency | embed | prepare | prepare-1m | exact | exact-sample | hnsw | classifier | compare-classifier | umap | trust");
        return 2;
}

Console.Error.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;

static int QualityRows(int all) =>
    int.TryParse(Environment.GetEnvironmentVariable("QUALITY_ROWS"), CultureInfo.InvariantCulture, out var rows) && rows > 0 ? Math.Min(rows, all) : all;

// The classifier comparisons' seeded stratified subset (QUALITY_ROWS, default 10,000) and their table header.
static (float[] Pixels, int[] Labels) ClassifierSubset(string dataDirectory)
{
    var (pixels, labels) = FashionMnist.Load(dataDirectory);
    var rows = int.TryParse(Environment.GetEnvironmentVariable("QUALITY_ROWS"), CultureInfo.InvariantCulture, out var asked) && asked > 0 ? Math.Min(asked, labels.Length) : 10_000;
    (pixels, labels) = Subset.Take(pixels, FashionMnist.Pixels, labels, Subset.Stratified(labels, rows, 42));
    Console.WriteLine($"Seeded stratified subset (seed 42): {labels.Length} of 70000 rows.");
    Console.WriteLine("| vectors | noise | trainer | AUROC | precision@recall0.8 | wall s | CPU s |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    return (pixels, labels);
}

static void Outliers(float[] pixels, int[] labels)
{
    Console.WriteLine();
    Console.WriteLine("| vectors | injected | score | AUROC | precision@recall0.8 |");
    Console.WriteLine("|---|---|---|---|---|");
    const int injected = InjectedPatches;
    var count = labels.Length;
    var withPatches = pixels.Concat(SyntheticPatches.Create(injected, 42)).ToArray();
    var random = new Random(42);
    var patchLabels = labels.Concat(Enumerable.Range(0, injected).Select(_ => random.Next(10))).ToArray();
    QualityBench.RunOutliers("pixels 784-d", Representations.Normalised(withPatches, FashionMnist.Pixels), FashionMnist.Pixels, patchLabels, injected);
    QualityBench.RunOutliers("pixels PCA-64", Representations.PcaNormalised(withPatches, count + injected, FashionMnist.Pixels, 64, 42), 64, patchLabels, injected);
    var model = Environment.GetEnvironmentVariable("MODEL_EMBEDDINGS");
    if (model is not null && File.Exists(model) && File.Exists(model + ".patches"))
    {
        var vectors = Representations.ReadFloats(model).Concat(Representations.ReadFloats(model + ".patches")).ToArray();
        QualityBench.RunOutliers($"default model {vectors.Length / (count + injected)}-d", vectors, vectors.Length / (count + injected), patchLabels, injected);
    }
}
