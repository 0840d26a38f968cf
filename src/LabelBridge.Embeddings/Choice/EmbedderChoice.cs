using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Embedders;

namespace LabelBridge.Embeddings.Choice;

/// <summary>The embedder a project uses this sweep and why, or the problem that left it without one.</summary>
/// <param name="Plan">The chosen plan; null when nothing usable was found.</param>
/// <param name="Description">For the report: the choice with its figures.</param>
/// <param name="Problems">Models that could not be used.</param>
/// <param name="SamplePatchesEmbedded">Patches computed while choosing (cached, so the main pass finds them as hits); they count as embedded in this run.</param>
internal sealed record EmbedderChoice(EmbedderPlan? Plan, string Description, IReadOnlyList<ReadProblem> Problems, int SamplePatchesEmbedded = 0);
