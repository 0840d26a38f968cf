using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Embedders;

namespace LabelBridge.Embeddings.Choice;

/// <summary>Remembers each project's <c>auto</c> choice in the store, so later sweeps stick to it (and its cache).</summary>
/// <remarks>Kept in the embedding cache under a reserved fingerprint: one row per (project, candidate) holding
/// [agreement, sequence]; the row with the highest sequence is the current choice.</remarks>
internal sealed class ChoiceMemory
{
    internal const string Fingerprint = "labelbridge-auto-choice";

    private readonly ILabelBridgeStore store;

    public ChoiceMemory(ILabelBridgeStore store)
    {
        this.store = store;
    }

    /// <summary>The candidate chosen last time, if it is still a candidate, with the newest sequence number seen.</summary>
    public async Task<(EmbedderPlan? Previous, int Sequence)> ReadAsync(
        PlatformKind platform, string project, IReadOnlyList<EmbedderPlan> candidates, CancellationToken cancellationToken)
    {
        var keys = candidates.ToDictionary(c => Key(platform, project, c), c => c, StringComparer.Ordinal);
        var rows = await store.GetEmbeddingsAsync(Fingerprint, keys.Keys, cancellationToken);
        EmbedderPlan? previous = null;
        var sequence = 0;
        foreach (var (key, row) in rows)
        {
            if (row.Length == 2 && row[1] > sequence)
            {
                sequence = (int)row[1];
                previous = keys[key];
            }
        }

        return (previous, sequence);
    }

    public Task WriteAsync(
        PlatformKind platform, string project, CandidateScore chosen, int sequence, CancellationToken cancellationToken) =>
        store.PutEmbeddingsAsync(
            Fingerprint,
            [new StoredEmbedding(Key(platform, project, chosen.Plan), [(float)chosen.Agreement, sequence])],
            cancellationToken);

    private static string Key(PlatformKind platform, string project, EmbedderPlan plan) => $"{platform}|{project}|{plan.Fingerprint}";
}
