namespace LabelBridge.Core.Configuration;

/// <summary>How a crop becomes a square patch for the model.</summary>
public enum PatchResizeMode
{
    /// <summary>Keep the aspect ratio and pad (the default: a long box stays long).</summary>
    Letterbox,

    /// <summary>Scale each side on its own.</summary>
    Stretch,
}
