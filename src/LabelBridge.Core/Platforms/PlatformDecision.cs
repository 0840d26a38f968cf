namespace LabelBridge.Core.Platforms;

/// <summary>A decision a reviewer made inside the platform, read back from its marker.</summary>
/// <param name="FindingKey">The finding the marker carried.</param>
/// <param name="AnnotationKey">The annotation it was about.</param>
/// <param name="Verdict">Confirmed when the label changed; dismissed when the marker was resolved/removed with the label unchanged.</param>
/// <param name="CurrentLabel">The annotation's label now, when it still exists.</param>
public sealed record PlatformDecision(string FindingKey, string AnnotationKey, DecisionVerdict Verdict, string? CurrentLabel);
