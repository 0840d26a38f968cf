using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Bench.Sweeps;

/// <summary>Several `labelbridge serve` workers on one PostgreSQL database (clustered Quartz, sharded embedding): one
/// manual sweep requested through the API of the first, timed until the store records it finished.</summary>
internal static class ClusterRun
{
    private const string ApiTokenVariable = "BENCH_LABELBRIDGE_API_TOKEN";
    /// <summary>At least 32 characters: `serve` refuses a shorter Web.ApiToken at start (the workers exited and the bench waited).</summary>
    private const string ApiToken = "bench-api-token-of-at-least-32-characters";

    public static async Task<SweepRun> SweepAsync(string worker, string work, Uri cvat, long projectId, string embedder, string token, int workers,
        string pass, StoreSetup setup)
    {
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        var processes = new List<(Process Process, Uri Address)>();
        // Each worker's output goes to cluster-N.log in the work directory: a failed or slow cluster sweep says why there.
        var logs = new List<(Task Copy, FileStream File)>();
        long earlier;
        try
        {
            for (var i = 0; i < workers; i++)
            {
                var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{18570 + i}"));
                var config = WorkerConfig.Write(work, $"cluster-{i}", cvat, projectId, embedder, setup);
                var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!.AsObject();
                json["Web"] = new JsonObject { ["Urls"] = address.ToString().TrimEnd('/'), ["ApiToken"] = new JsonObject { ["Env"] = ApiTokenVariable } };
                json["Scale"] = new JsonObject { ["InstanceId"] = $"bench-{i}", ["PollInterval"] = "00:00:01" };
                await File.WriteAllTextAsync(config, json.ToJsonString());
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { worker, "serve", "--config", config })
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment[WorkerConfig.TokenVariable] = token;
                start.Environment[StoreSetup.PostgresVariable] = setup.PostgresConnection;
                start.Environment[ApiTokenVariable] = ApiToken;
                start.Environment["LABELBRIDGE_LOG_LEVEL"] = "Information";
                var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker");
                var output = new FileStream(Path.Combine(work, $"cluster-{i}-{pass}.log"), FileMode.Create, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
                var errors = new FileStream(Path.Combine(work, $"cluster-{i}-{pass}.err.log"), FileMode.Create, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
                logs.Add((process.StandardOutput.BaseStream.CopyToAsync(output), output));
                logs.Add((process.StandardError.BaseStream.CopyToAsync(errors), errors));
                processes.Add((process, address));
            }

            foreach (var (_, address) in processes)
            {
                await UntilAsync(async () => (await http.GetAsync(new Uri(address, "/health"))).IsSuccessStatusCode, TimeSpan.FromMinutes(5));
            }

            // A cached pass runs on a database that holds the earlier sweeps: only a sweep newer than those is this one.
            using (var before = JsonDocument.Parse(await http.GetStringAsync(new Uri(processes[0].Address, "/api/projects/bench/sweeps?limit=1"))))
            {
                earlier = before.RootElement.GetArrayLength() == 0 ? 0 : before.RootElement[0].GetProperty("id").GetInt64();
            }

            var wall = Stopwatch.StartNew();
            var peaks = new long[workers];
            (await http.PostAsync(new Uri(processes[0].Address, "/api/projects/bench/sweeps"), null)).EnsureSuccessStatusCode();
            JsonElement sweep = default;
            await UntilAsync(async () =>
            {
                for (var i = 0; i < workers; i++)
                {
                    peaks[i] = Math.Max(peaks[i], WorkerRun.PeakResidentBytes(processes[i].Process.Id));
                }

                using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri(processes[0].Address, "/api/projects/bench/sweeps?limit=1")));
                if (list.RootElement.GetArrayLength() == 0 || list.RootElement[0].GetProperty("id").GetInt64() <= earlier)
                {
                    return false;
                }

                sweep = list.RootElement[0].Clone();
                return sweep.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Paused";
            }, TimeSpan.FromHours(2));
            var seconds = wall.Elapsed.TotalSeconds;
            if (sweep.GetProperty("status").GetString() != "Succeeded")
            {
                throw new InvalidOperationException($"the cluster sweep ended {sweep}");
            }

            var id = sweep.GetProperty("id").GetInt64();
            using var details = JsonDocument.Parse(await http.GetStringAsync(new Uri(processes[0].Address, $"/api/sweeps/{id}")));
            var report = WorkerRun.Property(details.RootElement, "report");
            Console.WriteLine($"  {WorkerRun.PlantedRecovery(report)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak per worker (MiB): {string.Join(", ", peaks.Select(p => (p / 1048576.0).ToString("0", CultureInfo.InvariantCulture)))}"));
            var run = WorkerRun.FromReport(report, "postgres", workers == 1 ? $"{pass}, 1 serve worker" : $"{pass}, {workers} serve workers", seconds, peaks.Max());
            return run;
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }

            foreach (var (copy, file) in logs)
            {
                await copy;
                await file.DisposeAsync();
            }
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await done())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < timeout)
            {
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException("the cluster did not finish in time");
            }

            await Task.Delay(500);
        }
    }
}
