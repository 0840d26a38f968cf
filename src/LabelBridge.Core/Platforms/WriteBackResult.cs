using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>What a write-back did: markers written or found, relabel work created, and what failed.</summary>
public sealed record WriteBackResult(
    IReadOnlyList<MarkerReference> Markers,
    int RelabelUnits,
    IReadOnlyList<ReadProblem> Problems)
{
    public int Written => Markers.Count(m => m.Created);

    public int AlreadyPresent => Markers.Count(m => !m.Created);
}
