namespace LabelBridge.Core.Storage;

/// <summary>One candidate the <c>auto</c> embedder choice picked for a project, with how well it agreed with the labels.</summary>
/// <param name="Scope">Whose choice it is (platform and project).</param>
/// <param name="Candidate">The chosen candidate's fingerprint.</param>
/// <param name="Agreement">Its kNN label agreement when chosen.</param>
/// <param name="Sequence">Grows with every choice of the scope; the highest is the current one.</param>
public sealed record EmbedderChoiceRecord(string Scope, string Candidate, double Agreement, int Sequence);
