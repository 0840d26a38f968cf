namespace LabelBridge.Core.Vocabulary;

/// <summary>The labeling platforms LabelBridge speaks to.</summary>
public enum PlatformKind
{
    Cvat,
    LabelStudio,
}
