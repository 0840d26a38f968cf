using LabelBridge.Embeddings.Embedders;

namespace LabelBridge.Embeddings.Choice;

/// <summary>A candidate's leave-one-out kNN agreement on the project's sample.</summary>
internal sealed record CandidateScore(EmbedderPlan Plan, double Agreement);
