namespace LabelBridge.Embeddings.Embedders;

/// <summary>An embedder that keeps working memory between batches (an inference arena) and can hand it back once a run
/// is over; the next batch takes it again.</summary>
internal interface IReleasesWorkingMemory
{
    void ReleaseWorkingMemory();
}
