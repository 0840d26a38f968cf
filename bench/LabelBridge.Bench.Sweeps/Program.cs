using System.Diagnostics;
using System.Globalization;
using LabelBridge.Bench.Sweeps;
using LabelBridge.Emulators.Cvat;

// Sweeps at scale: a synthetic CVAT project (emulator in this process) swept by the real `labelbridge sweep` in a
// child process, once cold and once with every embedding cached, per store; stage times from its report.json, peak
// memory from the child's VmHWM. Writes the "## Sweeps at scale" section of bench/RESULTS.md.
var options = BenchOptions.Parse(args);
// --work keeps the stores (and their cached vectors) for a later run; otherwise a scratch directory, deleted at the end.
var work = options.Work is { } kept ? Directory.CreateDirectory(kept).FullName : Directory.CreateTempSubdirectory("labelbridge-bench-sweeps-").FullName;
await using var cvat = await CvatEmulator.StartAsync(new CvatEmulatorOptions { DefaultPageSize = 100, Port = options.Port });
var generation = Stopwatch.StartNew();
var (projectId, annotations) = SyntheticProject.Populate(cvat.Model, options.Annotations, framesPerTask: 1000, jobSize: 100, seed: 42);
if (options.Work is not null)
{
    // The planted shape ids, for scoring a kept store's analyses later.
    File.WriteAllLines(Path.Combine(work, "planted.txt"), SyntheticProject.Planted.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)));
}

Console.WriteLine($"generated {annotations} annotations on {cvat.Model.Tasks.Sum(t => t.Frames.Count)} frames in {generation.Elapsed.TotalSeconds:0.0} s; emulator at {cvat.BaseUrl}");

var rows = new List<SweepRun>();
foreach (var store in options.Stores)
{
    cvat.Model.Issues.Clear();
    cvat.Model.Comments.Clear();
    var storeSetup = await StoreSetup.CreateAsync(store, work);
    var config = WorkerConfig.Write(work, store, cvat.BaseUrl, projectId, options.Embedder, storeSetup, options.MaxFindings);
    foreach (var pass in options.Passes)
    {
        var run = await WorkerRun.SweepAsync(options.Worker, config, Path.Combine(work, $"{store}-{pass}"), cvat.AccessToken, storeSetup, store, pass);
        Console.WriteLine(run.Describe());
        rows.Add(run);
    }
}

foreach (var workers in options.ClusterWorkers)
{
    cvat.Model.Issues.Clear();
    cvat.Model.Comments.Clear();
    // A cold pass sweeps a fresh database; a cached pass sweeps the one the cold pass before it used (in this run, or
    // named in the work directory by an earlier run with the same --work and --port).
    StoreSetup? database = null;
    foreach (var pass in options.Passes)
    {
        database = pass == "cold" ? await StoreSetup.CreateClusterDatabaseAsync(options.Work is null ? null : work)
            : database ?? StoreSetup.KeptClusterDatabase(work);
        var run = await ClusterRun.SweepAsync(options.Worker, work, cvat.BaseUrl, projectId, options.Embedder, cvat.AccessToken, workers, pass, database);
        Console.WriteLine(run.Describe());
        rows.Add(run);
    }
}

ResultsSection.Write(options, annotations, rows);
if (options.Work is null)
{
    Directory.Delete(work, recursive: true);
}

internal sealed record BenchOptions(
    int Annotations, IReadOnlyList<string> Stores, IReadOnlyList<int> ClusterWorkers, string Embedder, string Worker, string Results, string Command,
    IReadOnlyList<string> Passes, string? Work, int Port, int? MaxFindings)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new BenchOptions(
            int.Parse(Value("--annotations", "100000"), CultureInfo.InvariantCulture),
            Value("--stores", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries),
            [.. Value("--cluster-workers", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w, CultureInfo.InvariantCulture))],
            Value("--embedder", "auto"),
            Value("--worker", "src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll"),
            Value("--results", "bench/RESULTS.md"),
            Value("--command", "bench/sweeps/run.sh"),
            Value("--passes", "cold,cached").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Value("--work", "") is { Length: > 0 } work ? work : null,
            int.Parse(Value("--port", "0"), CultureInfo.InvariantCulture),
            Value("--max-findings", "") is { Length: > 0 } cap ? int.Parse(cap, CultureInfo.InvariantCulture) : null);
    }
}
