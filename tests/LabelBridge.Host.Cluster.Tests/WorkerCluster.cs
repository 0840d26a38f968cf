using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Host.Cluster.Tests;

/// <summary>Two real <c>labelbridge serve</c> processes on one PostgreSQL database, each with its own port and
/// instance id, and the shared store as the test reads it.</summary>
internal sealed class WorkerCluster : IAsyncDisposable
{
    public static readonly string[] Names = ["worker-a", "worker-b"];

    private readonly Dictionary<string, (WorkerProcess Process, Uri Address)> workers = [];
    private readonly ServiceProvider storeServices;

    private WorkerCluster(LabelBridgeOptions options)
    {
        Options = options;
        storeServices = new ServiceCollection().AddLogging().AddLabelBridgeStore(options.Store).BuildServiceProvider();
    }

    public LabelBridgeOptions Options { get; }

    public ILabelBridgeStore Store => storeServices.GetRequiredService<ILabelBridgeStore>();

    public ISweepShardStore Shards => storeServices.GetRequiredService<ISweepShardStore>();

    public IStoreIntegrityCheck Integrity => storeServices.GetRequiredService<IStoreIntegrityCheck>();

    /// <summary>Starts the workers at the same moment, as a deployment does, and waits until both answer <c>/health</c>
    /// (both race to create the Quartz and store schemas; the loser finds the winner's).</summary>
    public static async Task<WorkerCluster> StartAsync(LabelBridgeOptions options, string directory)
    {
        var cluster = new WorkerCluster(options);
        try
        {
            await Task.WhenAll(Names.Select(name => cluster.StartWorkerAsync(name, options, directory)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string Output(string name) => Worker(name).Process.Output;

    public string AllOutput
    {
        get
        {
            lock (workers)
            {
                return string.Join("\n", workers.Select(w => $"--- {w.Key} ---\n{w.Value.Process.Output}"));
            }
        }
    }

    public async Task KillAsync(string name) => await Worker(name).Process.KillHardAsync();

    /// <summary>Asks <paramref name="name"/> for a sweep of the project, as an admin would through the API.</summary>
    public async Task RequestSweepAsync(string name, string project)
    {
        using var client = new HttpClient { BaseAddress = Worker(name).Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClusterConfig.ApiToken);
        var response = await client.PostAsync(new Uri($"/api/projects/{project}/sweeps", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Polls the shared store until <paramref name="done"/> holds, failing with every worker's output.</summary>
    public async Task UntilAsync(Func<Task<bool>> done, string what, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(90)), $"gave up waiting until {what}\n{AllOutput}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in workers.Values)
        {
            process.Dispose();
        }

        await storeServices.DisposeAsync();
    }

    private async Task WaitUntilHealthyAsync(string name)
    {
        using var client = new HttpClient { BaseAddress = Worker(name).Address, Timeout = TimeSpan.FromSeconds(10) };
        await UntilAsync(async () =>
        {
            Assert.False(Worker(name).Process.HasExited, $"{name} exited:\n{Output(name)}");
            try
            {
                return (await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken)).IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, $"{name} answers /health", TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts one worker and waits until it answers. A port free when asked can be taken by another process on the
    /// machine before the worker binds it (seen on a CI run beside benches): a worker that exits for that reason is started
    /// again on another port (three starts at most).</summary>
    private async Task StartWorkerAsync(string name, LabelBridgeOptions options, string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var own = ClusterConfig.Copy(options);
            own.Scale.InstanceId = name;
            own.Web.Urls = address.ToString().TrimEnd('/');
            var workerDirectory = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            var config = WorkerProcess.WriteConfig(own, workerDirectory);
            var process = WorkerProcess.Start(workerDirectory, "serve", "--config", config);
            lock (workers)
            {
                workers[name] = (process, address);
            }

            try
            {
                await WaitUntilHealthyAsync(name);
                return;
            }
            catch (Exception) when (attempt < 3 && process.HasExited)
            {
                await process.ExitedAsync();
                if (!process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw;
                }

                lock (workers)
                {
                    workers.Remove(name);
                }

                process.Dispose();
            }
        }
    }

    private (WorkerProcess Process, Uri Address) Worker(string name)
    {
        lock (workers)
        {
            return workers[name];
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
