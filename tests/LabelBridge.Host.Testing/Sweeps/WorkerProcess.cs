using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>The real <c>labelbridge</c> executable in a child process, as an admin or a container runs it.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private static readonly JsonSerializerOptions ConfigJson = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    private readonly Process process;

    private readonly System.Text.StringBuilder output = new();

    private WorkerProcess(Process process) => this.process = process;

    /// <summary>What the worker printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static string WriteConfig(LabelBridgeOptions options, string directory)
    {
        var path = Path.Combine(directory, "labelbridge.json");
        File.WriteAllText(path, JsonSerializer.Serialize(options, ConfigJson));
        return path;
    }

    public static WorkerProcess Start(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "labelbridge.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("labelbridge did not start.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public bool HasExited => process.HasExited;

    /// <summary>Waits for the exit and for the last of the output: <see cref="HasExited"/> can be true while redirected
    /// output is still being delivered, so <see cref="Output"/> read right after it may miss the last lines.</summary>
    public Task ExitedAsync() => process.WaitForExitAsync(TestContext.Current.CancellationToken);

    /// <summary>The child's process id, for reading its own counters (/proc/&lt;id&gt;/status) while it runs.</summary>
    public int Id => process.Id;

    public int ExitCode => process.ExitCode;

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillHardAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
