using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Bench.FlagQuality;

/// <summary>One domain swept with one embedder, and what its written markers scored.</summary>
internal sealed record FlagRow(string Domain, string Embedder, string EmbedderUsed, int Boxes, FlagScore Score, double WallSeconds, double CpuSeconds)
{
    public string Describe() => FlagBenchOptions.Invariant(
        $"{Domain} / {Embedder} ({EmbedderUsed}): {Boxes} boxes, {Score.Planted} planted; {Score.Markers} markers on {Score.BoxesFlagged} boxes; precision {Score.Precision:0.00}, recall {Score.Recall:0.00}; {Score.BoxesWithSeveralMarkers} boxes with >1 marker; {WallSeconds:0.0} s wall, {CpuSeconds:0.0} s CPU");
}
