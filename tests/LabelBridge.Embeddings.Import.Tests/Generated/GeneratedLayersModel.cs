using System.Text.Json;
using LabelBridge.Embeddings.Import.Tests.Reference;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>
/// A small Keras functional model in tfjs "layers" format, built from the layers nsfwjs' mobilenet_v2 uses (ZeroPadding2D,
/// Conv2D, BatchNormalization, ReLU(max 6), DepthwiseConv2D, Add, AveragePooling2D, Flatten, Dense, Dropout) with random uint8
/// weights, plus the same network computed by <see cref="NhwcReference"/>.
/// </summary>
internal sealed class GeneratedLayersModel
{
    public const string CutLayer = "down";
    public const int Height = 15;
    public const int Width = 13;

    private readonly Dictionary<string, QuantizedWeight> _weights = [];

    public GeneratedLayersModel(int seed)
    {
        var random = new Random(seed);
        Add(QuantizedWeight.Random(random, "conv1/kernel", [3, 3, 3, 8], -0.5f, 0.5f));
        AddBatchNorm(random, "conv1_bn", 8);
        Add(QuantizedWeight.Random(random, "dw/depthwise_kernel", [3, 3, 8, 1], -0.6f, 0.6f));
        AddBatchNorm(random, "dw_bn", 8);
        Add(QuantizedWeight.Random(random, "project/kernel", [1, 1, 8, 8], -0.5f, 0.5f));
        Add(QuantizedWeight.Random(random, "project/bias", [8], -0.2f, 0.2f));
        Add(QuantizedWeight.Random(random, "down/kernel", [3, 3, 8, 12], -0.4f, 0.4f));
        Add(QuantizedWeight.Random(random, "down/bias", [12], -0.1f, 0.2f));
        Add(QuantizedWeight.Random(random, "dense1/kernel", [24, 6], -0.5f, 0.5f));
        Add(QuantizedWeight.Random(random, "dense1/bias", [6], -0.1f, 0.1f));
        Add(QuantizedWeight.Random(random, "dense2/kernel", [6, 4], -1f, 1f));
        Add(QuantizedWeight.Random(random, "dense2/bias", [4], -0.2f, 0.2f));
    }

    public string WriteTo(string directory) => TfjsPackageWriter.Write(directory, Topology(), [.. _weights.Values]);

    public (float[] Embedding, float[] Probabilities) Reference(Image input)
    {
        var padded = NhwcReference.ZeroPad(input, 0, 1, 0, 1);
        var conv1 = NhwcReference.Relu6(BatchNorm("conv1_bn", NhwcReference.Conv2D(padded, W("conv1/kernel"), 3, 3, 8, null, 2, same: false)));
        var dw = NhwcReference.Relu6(BatchNorm("dw_bn", NhwcReference.DepthwiseConv2D(conv1, W("dw/depthwise_kernel"), 3, 3, 1, null, 1, same: true)));
        var project = NhwcReference.Conv2D(dw, W("project/kernel"), 1, 1, 8, W("project/bias"), 1, same: true);
        var sum = NhwcReference.Add(conv1, project);
        var down = NhwcReference.Relu(NhwcReference.Conv2D(sum, W("down/kernel"), 3, 3, 12, W("down/bias"), 2, same: true));
        var flat = PoolTwoByOneAndFlatten(down);
        var hidden = NhwcReference.ReluRows(NhwcReference.Dense(flat, input.Batch, W("dense1/kernel"), W("dense1/bias"), 6));
        var logits = NhwcReference.Dense(hidden, input.Batch, W("dense2/kernel"), W("dense2/bias"), 4);
        return (NhwcReference.MeanOverSpace(down), NhwcReference.Softmax(logits, input.Batch));
    }

    /// <summary>AveragePooling2D(pool [2,3], strides [2,3], valid) on the 4×3 map, then Flatten in NHWC order.</summary>
    private static float[] PoolTwoByOneAndFlatten(Image x)
    {
        var flat = new List<float>();
        for (var n = 0; n < x.Batch; n++)
        for (var row = 0; row < 2; row++)
        for (var c = 0; c < x.Channels; c++)
        {
            double sum = 0;
            for (var h = row * 2; h < (row * 2) + 2; h++)
            for (var w = 0; w < 3; w++)
            {
                sum += x[n, h, w, c];
            }

            flat.Add((float)(sum / 6));
        }

        return [.. flat];
    }

    private Image BatchNorm(string name, Image x) =>
        NhwcReference.BatchNorm(x, W($"{name}/gamma"), W($"{name}/beta"), W($"{name}/moving_mean"), W($"{name}/moving_variance"), 0.001f);

    private float[] W(string name) => _weights[name].Values;

    private void Add(QuantizedWeight weight) => _weights[weight.Name] = weight;

    private void AddBatchNorm(Random random, string name, int channels)
    {
        Add(QuantizedWeight.Random(random, $"{name}/gamma", [channels], 0.5f, 1.5f));
        Add(QuantizedWeight.Random(random, $"{name}/beta", [channels], -0.3f, 0.3f));
        Add(QuantizedWeight.Random(random, $"{name}/moving_mean", [channels], -0.2f, 0.2f));
        Add(QuantizedWeight.Random(random, $"{name}/moving_variance", [channels], 0.5f, 1.5f));
    }

    private static string Topology()
    {
        object[] layers =
        [
            Layer("input_1", "InputLayer", new { batch_input_shape = new int?[] { null, Height, Width, 3 }, dtype = "float32", name = "input_1" }),
            Layer("pad", "ZeroPadding2D", new { padding = new[] { new[] { 0, 1 }, new[] { 0, 1 } }, data_format = "channels_last" }, "input_1"),
            Layer("conv1", "Conv2D", new { filters = 8, kernel_size = new[] { 3, 3 }, strides = new[] { 2, 2 }, padding = "valid", data_format = "channels_last", dilation_rate = new[] { 1, 1 }, activation = "linear", use_bias = false }, "pad"),
            Layer("conv1_bn", "BatchNormalization", new { axis = -1, epsilon = 0.001, center = true, scale = true }, "conv1"),
            Layer("conv1_relu", "ReLU", new { max_value = 6, negative_slope = 0, threshold = 0 }, "conv1_bn"),
            Layer("dw", "DepthwiseConv2D", new { kernel_size = new[] { 3, 3 }, strides = new[] { 1, 1 }, padding = "same", data_format = "channels_last", activation = "linear", use_bias = false, depth_multiplier = 1 }, "conv1_relu"),
            Layer("dw_bn", "BatchNormalization", new { axis = -1, epsilon = 0.001, center = true, scale = true }, "dw"),
            Layer("dw_relu", "ReLU", new { max_value = 6 }, "dw_bn"),
            Layer("project", "Conv2D", new { filters = 8, kernel_size = new[] { 1, 1 }, strides = new[] { 1, 1 }, padding = "same", activation = "linear", use_bias = true }, "dw_relu"),
            Layer("add", "Add", new { }, "conv1_relu", "project"),
            Layer(CutLayer, "Conv2D", new { filters = 12, kernel_size = new[] { 3, 3 }, strides = new[] { 2, 2 }, padding = "same", activation = "relu", use_bias = true }, "add"),
            Layer("pool", "AveragePooling2D", new { pool_size = new[] { 2, 3 }, strides = new[] { 2, 3 }, padding = "valid", data_format = "channels_last" }, CutLayer),
            Layer("flatten", "Flatten", new { data_format = "channels_last" }, "pool"),
            Layer("dense1", "Dense", new { units = 6, activation = "relu", use_bias = true }, "flatten"),
            Layer("drop", "Dropout", new { rate = 0.5 }, "dense1"),
            Layer("dense2", "Dense", new { units = 4, activation = "softmax", use_bias = true }, "drop"),
        ];
        var config = new { name = "generated", layers, input_layers = new[] { new object[] { "input_1", 0, 0 } }, output_layers = new[] { new object[] { "dense2", 0, 0 } } };
        return JsonSerializer.Serialize(new { keras_version = "2.2.4", backend = "tensorflow", model_config = new { class_name = "Model", config } });
    }

    private static object Layer(string name, string className, object config, params string[] inbound) => new
    {
        name,
        class_name = className,
        config,
        inbound_nodes = inbound.Length == 0 ? [] : new[] { inbound.Select(source => new object[] { source, 0, 0, new { } }).ToArray() },
    };
}
