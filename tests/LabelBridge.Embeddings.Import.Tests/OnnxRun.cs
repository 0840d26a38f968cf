using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Embeddings.Import.Tests;

/// <summary>Runs an ONNX model on one NHWC float batch and returns its single output.</summary>
internal static class OnnxRun
{
    public static (float[] Values, long[] Shape) Once(byte[] model, float[] nhwc, long[] inputShape, string outputName)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        return Once(session, nhwc, inputShape, outputName);
    }

    public static (float[] Values, long[] Shape) Once(InferenceSession session, float[] nhwc, long[] inputShape, string outputName)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(nhwc, inputShape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], [outputName]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > tolerance)
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
            }
        }
    }
}
