namespace LabelBridge.Core.Platforms;

/// <summary>A marker LabelBridge wrote, with the label the annotation had when it was written.</summary>
public sealed record MarkerLabelSnapshot(MarkerReference Marker, string LabelWhenMarked);
