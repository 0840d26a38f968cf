using System.Text.Json;
using LabelBridge.Embeddings.Import.Tfjs;

namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Translates a tfjs Keras "layers" model (functional <c>Model</c> config) to ONNX, layer by layer.</summary>
internal sealed class LayersModelTranslator
{
    private readonly TfjsModel _model;
    private readonly TfjsImportOptions _options;
    private readonly NchwGraphEmitter _emitter;
    private readonly Dictionary<string, JsonElement> _layers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _translated = new(StringComparer.Ordinal);

    private LayersModelTranslator(TfjsModel model, TfjsImportOptions options, NchwGraphEmitter emitter, JsonElement config)
    {
        _model = model;
        _options = options;
        _emitter = emitter;
        foreach (var layer in config.GetProperty("layers").EnumerateArray())
        {
            _layers[layer.GetProperty("name").GetString()!] = layer;
        }
    }

    public static void Translate(TfjsModel model, TfjsImportOptions options, NchwGraphEmitter emitter)
    {
        var modelConfig = model.Topology.TryGetProperty("model_config", out var nested) ? nested : model.Topology;
        var className = modelConfig.GetProperty("class_name").GetString();
        if (className is not ("Model" or "Functional"))
        {
            throw new NotSupportedException($"Keras '{className}' models are not supported (functional Model only).");
        }

        var config = modelConfig.GetProperty("config");
        var translator = new LayersModelTranslator(model, options, emitter, config);
        var outputs = config.GetProperty("output_layers");
        if (outputs.GetArrayLength() != 1 && options.CutAt is null)
        {
            throw new NotSupportedException("Models with several outputs need CutAt.");
        }

        var last = options.CutAt ?? outputs[0][0].GetString()!;
        if (!translator._layers.ContainsKey(last))
        {
            throw new ArgumentException($"The model has no layer named '{last}'.");
        }

        var result = translator.Get(last);
        emitter.Output(options.CutAt is null ? result : emitter.GlobalAveragePool(result), options.OutputName);
    }

    private Tensor Get(string name)
    {
        if (_translated.TryGetValue(name, out var done))
        {
            return done;
        }

        var layer = _layers.TryGetValue(name, out var found)
            ? found
            : throw new InvalidDataException($"The model references a missing layer '{name}'.");
        var result = TranslateLayer(name, layer.GetProperty("class_name").GetString()!, layer.GetProperty("config"), Inbound(layer));
        _translated[name] = result;
        return result;
    }

    private Tensor TranslateLayer(string name, string className, JsonElement config, string[] inbound)
    {
        switch (className)
        {
            case "InputLayer":
                var shape = config.GetProperty("batch_input_shape");
                return _emitter.ImageInput(TfjsImportOptions.InputName, _options.InputHeight, _options.InputWidth, shape[3].GetInt32());
            case "Dropout" or "SpatialDropout2D":
                return Get(inbound[0]);
            case "ZeroPadding2D":
                var (top, bottom, left, right) = ZeroPadding(config.GetProperty("padding"));
                return _emitter.Pad(Get(inbound[0]), top, bottom, left, right);
            case "Conv2D":
                return Convolution(name, config, Get(inbound[0]), depthwise: false);
            case "DepthwiseConv2D":
                return Convolution(name, config, Get(inbound[0]), depthwise: true);
            case "BatchNormalization":
                return BatchNormalization(name, config, Get(inbound[0]));
            case "ReLU":
                return Relu(name, config, Get(inbound[0]));
            case "Activation":
                return _emitter.Activation(Get(inbound[0]), ParseActivation(config));
            case "Add":
                var sum = Get(inbound[0]);
                foreach (var other in inbound.Skip(1))
                {
                    sum = _emitter.Binary("Add", sum.Name, Get(other).Name, sum);
                }

                return sum;
            case "AveragePooling2D" or "MaxPooling2D":
                var window = Pair(config, "pool_size");
                var strides = config.TryGetProperty("strides", out var s) && s.ValueKind != JsonValueKind.Null ? Pair(config, "strides") : window;
                var geometry = new ConvGeometry(strides[0], strides[1], 1, 1, TfPadding.Parse(config.GetProperty("padding").GetString()));
                return _emitter.Pool(className == "MaxPooling2D" ? "MaxPool" : "AveragePool", Get(inbound[0]), window, geometry);
            case "GlobalAveragePooling2D":
                return _emitter.GlobalAveragePool(Get(inbound[0]));
            case "Flatten":
                return _emitter.FlattenChannelsLast(Get(inbound[0]));
            case "Dense":
                return Dense(name, config, Get(inbound[0]));
            default:
                throw new NotSupportedException($"Keras layer '{className}' ('{name}') is not supported by the importer.");
        }
    }

    private Tensor Convolution(string name, JsonElement config, Tensor x, bool depthwise)
    {
        RequireChannelsLast(name, config);
        var strides = Pair(config, "strides");
        var dilations = config.TryGetProperty("dilation_rate", out _) ? Pair(config, "dilation_rate") : [1, 1];
        var geometry = new ConvGeometry(strides[0], strides[1], dilations[0], dilations[1], TfPadding.Parse(config.GetProperty("padding").GetString()));
        var bias = UsesBias(config) ? _emitter.Weight(_model.Weight($"{name}/bias"), WeightLayout.AsIs) : null;
        Tensor result;
        if (depthwise)
        {
            var kernel = _model.Weight($"{name}/depthwise_kernel");
            result = _emitter.Conv(x, _emitter.Weight(kernel, WeightLayout.DepthwiseKernel), [kernel.Shape[0], kernel.Shape[1]], kernel.Shape[2] * kernel.Shape[3], bias, geometry, group: x.Channels);
        }
        else
        {
            var kernel = _model.Weight($"{name}/kernel");
            result = _emitter.Conv(x, _emitter.Weight(kernel, WeightLayout.ConvKernel), [kernel.Shape[0], kernel.Shape[1]], kernel.Shape[3], bias, geometry, group: 1);
        }

        return _emitter.Activation(result, ParseActivation(config));
    }

    private Tensor BatchNormalization(string name, JsonElement config, Tensor x)
    {
        if (config.TryGetProperty("axis", out var axis) && axis.ValueKind == JsonValueKind.Number && axis.GetInt32() is not (-1 or 3))
        {
            throw new NotSupportedException($"BatchNormalization '{name}' over axis {axis.GetInt32()} is not supported (channels only).");
        }

        var channels = x.Channels;
        var scale = Flag(config, "scale") ? _emitter.Weight(_model.Weight($"{name}/gamma"), WeightLayout.AsIs) : _emitter.Constant(Filled(channels, 1f), channels);
        var offset = Flag(config, "center") ? _emitter.Weight(_model.Weight($"{name}/beta"), WeightLayout.AsIs) : _emitter.Constant(Filled(channels, 0f), channels);
        var mean = _emitter.Weight(_model.Weight($"{name}/moving_mean"), WeightLayout.AsIs);
        var variance = _emitter.Weight(_model.Weight($"{name}/moving_variance"), WeightLayout.AsIs);
        var epsilon = config.TryGetProperty("epsilon", out var e) ? e.GetSingle() : 1e-3f;
        return _emitter.BatchNormalization(x, scale, offset, mean, variance, epsilon);
    }

    private Tensor Relu(string name, JsonElement config, Tensor x)
    {
        if ((config.TryGetProperty("negative_slope", out var slope) && slope.ValueKind == JsonValueKind.Number && slope.GetDouble() != 0)
            || (config.TryGetProperty("threshold", out var threshold) && threshold.ValueKind == JsonValueKind.Number && threshold.GetDouble() != 0))
        {
            throw new NotSupportedException($"ReLU '{name}' with a negative slope or threshold is not supported.");
        }

        return config.TryGetProperty("max_value", out var max) && max.ValueKind == JsonValueKind.Number
            ? _emitter.ClipAbove(x, max.GetSingle())
            : _emitter.Activation(x, TfActivation.Relu);
    }

    private Tensor Dense(string name, JsonElement config, Tensor x)
    {
        if (x.IsImage)
        {
            throw new NotSupportedException($"Dense '{name}' on a spatial input is not supported; flatten or pool first.");
        }

        var kernel = _model.Weight($"{name}/kernel");
        var bias = UsesBias(config) ? _emitter.Weight(_model.Weight($"{name}/bias"), WeightLayout.AsIs) : null;
        var product = _emitter.Gemm(x, _emitter.Weight(kernel, WeightLayout.AsIs), kernel.Shape[1], bias);
        return _emitter.Activation(product, ParseActivation(config));
    }

    private static TfActivation ParseActivation(JsonElement config) =>
        (config.TryGetProperty("activation", out var a) ? a.GetString() : "linear") switch
        {
            "linear" or null => TfActivation.Linear,
            "relu" => TfActivation.Relu,
            "relu6" => TfActivation.Relu6,
            "sigmoid" => TfActivation.Sigmoid,
            "tanh" => TfActivation.Tanh,
            "softmax" => TfActivation.Softmax,
            var other => throw new NotSupportedException($"Activation '{other}' is not supported."),
        };

    private static (int Top, int Bottom, int Left, int Right) ZeroPadding(JsonElement padding)
    {
        if (padding.ValueKind == JsonValueKind.Number)
        {
            var all = padding.GetInt32();
            return (all, all, all, all);
        }

        if (padding[0].ValueKind == JsonValueKind.Number)
        {
            return (padding[0].GetInt32(), padding[0].GetInt32(), padding[1].GetInt32(), padding[1].GetInt32());
        }

        return (padding[0][0].GetInt32(), padding[0][1].GetInt32(), padding[1][0].GetInt32(), padding[1][1].GetInt32());
    }

    private static string[] Inbound(JsonElement layer)
    {
        var nodes = layer.GetProperty("inbound_nodes");
        if (nodes.GetArrayLength() == 0)
        {
            return [];
        }

        if (nodes.GetArrayLength() > 1)
        {
            throw new NotSupportedException($"Layer '{layer.GetProperty("name").GetString()}' is shared; shared layers are not supported.");
        }

        return nodes[0].EnumerateArray().Select(connection => connection[0].GetString()!).ToArray();
    }

    private static int[] Pair(JsonElement config, string name)
    {
        var value = config.GetProperty(name);
        return value.ValueKind == JsonValueKind.Number
            ? [value.GetInt32(), value.GetInt32()]
            : [value[0].GetInt32(), value[1].GetInt32()];
    }

    private static bool UsesBias(JsonElement config) => !config.TryGetProperty("use_bias", out var b) || b.GetBoolean();

    private static bool Flag(JsonElement config, string name) => !config.TryGetProperty(name, out var b) || b.GetBoolean();

    private static void RequireChannelsLast(string name, JsonElement config)
    {
        if (config.TryGetProperty("data_format", out var format) && format.GetString() != "channels_last")
        {
            throw new NotSupportedException($"Layer '{name}' uses {format.GetString()}; only channels_last is supported.");
        }
    }

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();
}
