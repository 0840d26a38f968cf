using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis;
using LabelBridge.Analysis.Projection;
using LabelBridge.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Bench.Analysis;

/// <summary>How late a thread-pool timer continuation runs while an analysis runs (issue #19 item 2): Quartz's cluster
/// check-in continues on the thread pool after its first wait, so this is how late a busy worker checks in. A dedicated
/// thread's sleep, measured alongside, is the machine's own scheduling delay (load from other processes). A Kestrel
/// health endpoint on loopback in the same process, asked every tick from a dedicated thread, stands for the worker's
/// web API and triage page (served by the same process as its sweeps): its answer time is what a user waits.</summary>
internal static class PoolLatency
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(int rows, int dimension)
    {
        var input = Population(rows, dimension);
        await using var web = await HealthServerAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var health = new Uri(new Uri(address), "/health");
        // A bare invoker: synchronous sends from the probing thread, so the client side needs no pool thread.
        using var client = new HttpMessageInvoker(new SocketsHttpHandler());
        // One request before measuring: the first pays for the connection and for compiling the server's request path.
        using (var warmUpRequest = new HttpRequestMessage(HttpMethod.Get, health))
        using (var warmUp = await client.SendAsync(warmUpRequest, CancellationToken.None))
        {
            warmUp.EnsureSuccessStatusCode();
        }

        using var stop = new CancellationTokenSource();
        var poolLate = new List<double>();
        var threadLate = new List<double>();
        var httpLatency = new List<double>();
        var pool = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await Task.Delay(Tick);
                poolLate.Add((Stopwatch.GetElapsedTime(started) - Tick).TotalMilliseconds);
            }
        });
        var thread = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                Thread.Sleep(Tick);
                threadLate.Add((Stopwatch.GetElapsedTime(started) - Tick).TotalMilliseconds);
            }
        }) { IsBackground = true };
        thread.Start();
        var http = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(Tick);
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, health);
                using var response = client.Send(request, CancellationToken.None);
                response.EnsureSuccessStatusCode();
                httpLatency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }) { IsBackground = true };
        http.Start();
        var clock = Stopwatch.StartNew();
        var (items, pause, collections) = (ThreadPool.CompletedWorkItemCount, GC.GetTotalPauseDuration(), GC.CollectionCount(0));
        Func<int> analyse = () =>
        {
            var result = LabelAnalysis.Analyze(input, new AnalysisThresholds(), int.MaxValue);
            return LabelAnalysis.Project(input, new ProjectionOptions(), result.Neighbours).AnnotationKeys.Count;
        };
        // As in a sweep: the analysis runs synchronously on a thread-pool thread, its loops on the pool.
        _ = await Task.Run(analyse);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await pool;
        thread.Join();
        http.Join();
        var load = (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0];
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"pool work items {ThreadPool.CompletedWorkItemCount - items}, GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms in {GC.CollectionCount(0) - collections} collections, pool threads {ThreadPool.ThreadCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows} × {dimension} | {seconds:0.0} s | {Summary(poolLate)} | {Summary(threadLate)} | {Summary(httpLatency, "requests")} | {load} |"));
    }

    private static string Summary(List<double> late, string what = "ticks")
    {
        late.Sort();
        return late.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{late.Count} {what}, median {late[late.Count / 2]:0} ms, max {late[^1]:0} ms");
    }

    /// <summary>A minimal web host on a free loopback port answering GET /health, as the worker's own does.</summary>
    private static async Task<WebApplication> HealthServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapGet("/health", () => Results.Text("Healthy"));
        await app.StartAsync();
        return app;
    }

    /// <summary>Ten seeded, overlapping classes around axis directions.</summary>
    private static AnalysisInput Population(int rows, int dimension)
    {
        var random = new Random(42);
        var vectors = new float[rows * dimension];
        var keys = new string[rows];
        var labels = new string[rows];
        for (var i = 0; i < rows; i++)
        {
            var label = i % 10;
            var row = vectors.AsSpan(i * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                row[d] = (float)((random.NextDouble() * 2) - 1) * 0.6f;
            }

            row[label % dimension] += 1f;
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(row));
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            keys[i] = string.Create(CultureInfo.InvariantCulture, $"r{i}");
            labels[i] = string.Create(CultureInfo.InvariantCulture, $"c{label}");
        }

        return new AnalysisInput(dimension, vectors, keys, labels, []);
    }
}
