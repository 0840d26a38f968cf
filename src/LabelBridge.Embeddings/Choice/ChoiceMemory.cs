using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Embedders;

namespace LabelBridge.Embeddings.Choice;

/// <summary>Remembers each project's <c>auto</c> choice in the store, so later sweeps stick to it (and its cache).</summary>
/// <remarks>One row per (project, candidate) holding its agreement and a sequence number; the row with the highest
/// sequence among the current candidates is the current choice. Stores written before the choice had its own table kept
/// it in the embedding cache under a reserved fingerprint as [agreement, sequence]; those rows are read while the new
/// table has none for the project, so an upgrade does not forget a choice.</remarks>
internal sealed class ChoiceMemory(ISettingsStore settings, IEmbeddingCache cache)
{
    internal const string LegacyFingerprint = "labelbridge-auto-choice";

    /// <summary>The candidate chosen last time, if it is still a candidate, with the newest sequence number seen.</summary>
    public async Task<(EmbedderPlan? Previous, int Sequence)> ReadAsync(
        PlatformKind platform, string project, IReadOnlyList<EmbedderPlan> candidates, CancellationToken cancellationToken)
    {
        var byFingerprint = candidates.DistinctBy(c => c.Fingerprint).ToDictionary(c => c.Fingerprint, StringComparer.Ordinal);
        var rows = await settings.GetEmbedderChoicesAsync(Scope(platform, project), cancellationToken);
        if (rows.Count == 0)
        {
            rows = await ReadLegacyAsync(platform, project, candidates, cancellationToken);
        }

        EmbedderPlan? previous = null;
        var sequence = 0;
        foreach (var row in rows)
        {
            if (byFingerprint.TryGetValue(row.Candidate, out var plan) && row.Sequence > sequence)
            {
                sequence = row.Sequence;
                previous = plan;
            }
        }

        return (previous, sequence);
    }

    public Task WriteAsync(
        PlatformKind platform, string project, CandidateScore chosen, int sequence, CancellationToken cancellationToken) =>
        settings.SaveEmbedderChoiceAsync(
            new EmbedderChoiceRecord(Scope(platform, project), chosen.Plan.Fingerprint, chosen.Agreement, sequence), cancellationToken);

    private async Task<IReadOnlyList<EmbedderChoiceRecord>> ReadLegacyAsync(
        PlatformKind platform, string project, IReadOnlyList<EmbedderPlan> candidates, CancellationToken cancellationToken)
    {
        var scope = Scope(platform, project);
        var keys = candidates.DistinctBy(c => c.Fingerprint).ToDictionary(c => $"{scope}|{c.Fingerprint}", c => c.Fingerprint, StringComparer.Ordinal);
        var rows = await cache.GetEmbeddingsAsync(LegacyFingerprint, keys.Keys, cancellationToken);
        return [.. rows.Where(r => r.Value.Length == 2).Select(r => new EmbedderChoiceRecord(scope, keys[r.Key], r.Value[0], (int)r.Value[1]))];
    }

    private static string Scope(PlatformKind platform, string project) => $"{platform}|{project}";
}
