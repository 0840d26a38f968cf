namespace LabelBridge.Core.Findings;

/// <summary>One nearest neighbour that supports a finding.</summary>
/// <param name="AnnotationKey">The neighbour's annotation key.</param>
/// <param name="Label">The neighbour's given label.</param>
/// <param name="Similarity">Cosine similarity to the flagged annotation, in [-1, 1].</param>
public sealed record NeighbourEvidence(string AnnotationKey, string Label, double Similarity);
