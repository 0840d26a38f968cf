using System.Buffers;
using LabelBridge.Embeddings.Embedders;
using Microsoft.ML.OnnxRuntime;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Models;

/// <summary>An ONNX image model behind one thread-safe <see cref="InferenceSession"/>, fed batches of patches.</summary>
internal sealed class OnnxPatchEmbedder : IPatchEmbedder, IReleasesWorkingMemory, IDisposable
{
    private readonly InferenceSession session;
    private readonly ModelManifest manifest;
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    internal OnnxPatchEmbedder(string name, InferenceSession session, ModelManifest manifest, string modelFingerprint)
    {
        this.session = session;
        this.manifest = manifest;
        inputNames = [manifest.Input.Name];
        outputNames = [manifest.Output.Name];
        Name = name;
        ModelFingerprint = modelFingerprint;
        Fingerprint = $"onnx-{modelFingerprint}-{manifest.Input.Width}x{manifest.Input.Height}";
    }

    /// <summary>The file name without <c>.onnx</c>: what configuration refers to.</summary>
    public string Name { get; }

    /// <summary>SHA-256 of the model file and manifest, first 16 hex characters.</summary>
    public string ModelFingerprint { get; }

    public string Fingerprint { get; }

    public string? Description => manifest.Description;

    public int InputWidth => manifest.Input.Width;

    public int InputHeight => manifest.Input.Height;

    public int Dimension { get; private set; }

    /// <summary>Runs one all-grey patch to learn the output width and prove the graph accepts the manifest's input.</summary>
    internal void Probe()
    {
        var patch = new byte[InputWidth * InputHeight * 4];
        patch.AsSpan().Fill(128);
        using var runOptions = new RunOptions();
        Dimension = RunAndPool(patch, 1, [], runOptions);
    }

    public void Embed(ReadOnlySpan<byte> rgbaPatches, int count, Span<float> destination)
    {
        if (count == 0)
        {
            return;
        }

        using var runOptions = new RunOptions();
        var written = RunAndPool(rgbaPatches, count, destination, runOptions);
        if (written != Dimension)
        {
            throw new InvalidOperationException($"Model {Name} returned {written} features per patch, expected {Dimension}.");
        }
    }

    /// <summary>Hands the memory ONNX Runtime's CPU arena holds for the batches back to the system: one one-patch run
    /// that shrinks the arena when it ends. The arena keeps what the largest batch needed for the session's lifetime (the
    /// process's, see <see cref="ModelCatalog"/>): about 80 MB for the default model at batch 16, otherwise resident
    /// through the analysis. Without the arena each batch costs about twice the CPU (bench/RESULTS.md).</summary>
    public void ReleaseWorkingMemory()
    {
        var patch = new byte[InputWidth * InputHeight * 4];
        using var shrink = new RunOptions();
        shrink.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        try
        {
            RunAndPool(patch, 1, [], shrink);
        }
        catch (OnnxRuntimeException)
        {
            // Only memory is at stake: the arena then keeps what it holds, as it did before this existed.
        }
    }

    public void Dispose() => session.Dispose();

    /// <summary>Runs the model and pools its output into <paramref name="destination"/> (skipped when empty); returns the features per patch.</summary>
    private int RunAndPool(ReadOnlySpan<byte> rgbaPatches, int count, Span<float> destination, RunOptions runOptions)
    {
        var input = manifest.Input;
        var plane = input.Width * input.Height;
        var length = count * plane * 3;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            TensorFill.Fill(rgbaPatches, count, input, buffer.AsSpan(0, length));
            long[] shape = input.IsNchw ? [count, 3, input.Height, input.Width] : [count, input.Height, input.Width, 3];
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, length), shape);
            using var outputs = session.Run(runOptions, inputNames, [inputValue], outputNames);
            var output = outputs[0];
            var outputShape = output.GetTensorTypeAndShape().Shape;
            var values = output.GetTensorDataAsSpan<float>();
            return OutputPooling.Pool(values, outputShape, count, manifest, destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
