using System.Collections;
using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Embeddings.Import.Quantization;

namespace LabelBridge.Embeddings.Import.Tests.Quantization;

public sealed class ActivationCalibratorTests
{
    private const int Layers = 150;
    private const int Channels = 32;
    private const int Side = 128;

    [Fact]
    public void Cancelling_stops_the_inference_that_is_running_not_only_the_next_batch()
    {
        // A deep chain of 3×3 convolutions: one batch is seconds of work on the calibrator's one thread, in many kernels
        // (ONNX Runtime looks at RunOptions.Terminate between kernels).
        var model = DeepChain();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var batches = new WatchedBatches(2, onFirstFetch: () => cancellation.CancelAfter(TimeSpan.FromMilliseconds(50)));

        Assert.ThrowsAny<OperationCanceledException>(() => ActivationCalibrator.Calibrate(
            model, "input", [$"c{Layers}"], batches, new Int8QuantizationOptions(), cancellation.Token));

        // The first batch's inference was stopped: the calibrator never went on to the second batch.
        Assert.Equal(1, batches.Fetched);
    }

    private static byte[] DeepChain()
    {
        var random = new Random(5);
        var builder = new OnnxGraphBuilder();
        builder.AddInput("input", OnnxElementType.Float, 1, Channels, Side, Side);
        var previous = "input";
        for (var layer = 1; layer <= Layers; layer++)
        {
            var weights = new float[Channels * Channels * 9];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = (random.NextSingle() - 0.5f) * 0.1f;
            }

            builder.AddInitializer($"w{layer}", weights, Channels, Channels, 3, 3);
            builder.AddNode(
                "Conv",
                [previous, $"w{layer}"],
                [$"c{layer}"],
                OnnxAttribute.Ints("kernel_shape", 3, 3),
                OnnxAttribute.Ints("pads", 1, 1, 1, 1));
            previous = $"c{layer}";
        }

        builder.AddOutput(previous, OnnxElementType.Float, 1, Channels, Side, Side);
        return builder.ToArray();
    }

    /// <summary>Batches of one input each, counting how many the calibrator took.</summary>
    private sealed class WatchedBatches(int count, Action onFirstFetch) : IReadOnlyList<CalibrationBatch>
    {
        private readonly CalibrationBatch batch = new(new float[Channels * Side * Side], [1, Channels, Side, Side]);

        public int Fetched { get; private set; }

        public int Count => count;

        public CalibrationBatch this[int index] => Fetch();

        public IEnumerator<CalibrationBatch> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return Fetch();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private CalibrationBatch Fetch()
        {
            if (++Fetched == 1)
            {
                onFirstFetch();
            }

            return batch;
        }
    }
}
