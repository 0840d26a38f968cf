using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>Runs a float model that exposes the activations to be quantized as extra outputs over calibration batches, and
/// returns each activation's range.</summary>
/// <remarks>One intra-op thread: the same patches give the same ranges on any machine load, so the quantized file is
/// reproducible byte for byte.</remarks>
internal static class ActivationCalibrator
{
    private const int Bins = 2048;

    public static Dictionary<string, ActivationRange> Calibrate(
        byte[] instrumentedModel,
        string inputName,
        IReadOnlyList<string> activations,
        IReadOnlyList<CalibrationBatch> batches,
        Int8QuantizationOptions options,
        CancellationToken cancellationToken)
    {
        if (batches.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one batch of patches.", nameof(batches));
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC,
        };
        using var session = new InferenceSession(instrumentedModel, sessionOptions);
        var min = new float[activations.Count];
        var max = new float[activations.Count];
        min.AsSpan().Fill(float.PositiveInfinity);
        max.AsSpan().Fill(float.NegativeInfinity);
        Run(session, inputName, activations, batches, (index, values) =>
        {
            min[index] = Math.Min(min[index], TensorPrimitives.Min(values));
            max[index] = Math.Max(max[index], TensorPrimitives.Max(values));
        }, cancellationToken);

        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        if (options.Method == CalibrationMethod.MinMax)
        {
            for (var i = 0; i < activations.Count; i++)
            {
                ranges[activations[i]] = new ActivationRange(min[i], max[i]);
            }

            return ranges;
        }

        // Second pass: a histogram over each activation's min–max range, cut at the percentile on either side.
        var histograms = new long[activations.Count][];
        for (var i = 0; i < activations.Count; i++)
        {
            histograms[i] = new long[Bins];
        }

        Run(session, inputName, activations, batches, (index, values) =>
        {
            var histogram = histograms[index];
            var low = min[index];
            var width = (max[index] - low) / Bins;
            if (!(width > 0))
            {
                histogram[0] += values.Length;
                return;
            }

            foreach (var value in values)
            {
                histogram[Math.Clamp((int)((value - low) / width), 0, Bins - 1)]++;
            }
        }, cancellationToken);

        var tail = (100.0 - options.Percentile) / 100.0;
        for (var i = 0; i < activations.Count; i++)
        {
            var histogram = histograms[i];
            var total = histogram.Sum();
            var width = (max[i] - min[i]) / Bins;
            var cut = (long)Math.Floor(tail * total);
            int lowBin = 0, highBin = Bins - 1;
            for (long seen = 0; lowBin < Bins - 1 && seen + histogram[lowBin] <= cut; lowBin++)
            {
                seen += histogram[lowBin];
            }

            for (long seen = 0; highBin > lowBin && seen + histogram[highBin] <= cut; highBin--)
            {
                seen += histogram[highBin];
            }

            ranges[activations[i]] = new ActivationRange(min[i] + (lowBin * width), min[i] + ((highBin + 1) * width));
        }

        return ranges;
    }

    private static void Run(
        InferenceSession session,
        string inputName,
        IReadOnlyList<string> activations,
        IReadOnlyList<CalibrationBatch> batches,
        Action<int, ReadOnlySpan<float>> observe,
        CancellationToken cancellationToken)
    {
        string[] inputNames = [inputName];
        var outputNames = activations.ToArray();
        using var runOptions = new RunOptions();
        // A cancelled token stops the inference that is running (ONNX Runtime checks Terminate between kernels), not only
        // the next batch: one batch of a large model runs for seconds on one thread.
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var input = OrtValue.CreateTensorValueFromMemory(batch.Values, batch.Shape);
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = session.Run(runOptions, inputNames, [input], outputNames);
            }
            catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Calibration was cancelled.", e, cancellationToken);
            }

            using (outputs)
            {
                for (var i = 0; i < outputNames.Length; i++)
                {
                    observe(i, outputs[i].GetTensorDataAsSpan<float>());
                }
            }
        }
    }
}
