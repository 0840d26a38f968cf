namespace LabelBridge.Host.Demo;

/// <summary>A label error the demo put into its scenes on purpose, to check what a sweep finds.</summary>
/// <param name="AnnotationKey">The annotation carrying the error.</param>
/// <param name="Kind"><c>mislabel</c>, <c>duplicate-conflict</c> or <c>outlier</c>.</param>
/// <param name="TrueLabel">What the object really is.</param>
/// <param name="GivenLabel">What it was labelled.</param>
internal sealed record PlantedError(string AnnotationKey, string Kind, string TrueLabel, string GivenLabel);
