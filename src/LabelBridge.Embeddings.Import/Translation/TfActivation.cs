namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Activations that TF graphs and Keras layers use; the names of the plain ones are their ONNX operator names.</summary>
internal enum TfActivation
{
    Linear,
    Relu,
    Relu6,
    Sigmoid,
    Tanh,
    Softmax,
}
