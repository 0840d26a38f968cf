namespace LabelBridge.Core.Storage;

/// <summary>The stages of a sweep, in order. A sweep checkpoints after each and resumes from the last one.</summary>
public enum SweepStage
{
    Created,
    Snapshot,
    Embeddings,
    Analysis,
    Findings,
    WriteBack,
    Report,
}
