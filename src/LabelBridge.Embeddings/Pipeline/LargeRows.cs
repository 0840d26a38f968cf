namespace LabelBridge.Embeddings.Pipeline;

/// <summary>The N×D buffer a sweep's vectors live in, allocated after the heap has handed back what the stages before it
/// left free.</summary>
/// <remarks>A 100k-annotation snapshot leaves a few hundred MB of collected-but-committed heap behind (the worker was at
/// about 440 MB resident after it with some 150 MB live); the rows (429 MB at 100k × 1,072) are a fresh allocation on
/// top of that, so without this both stay resident through the analysis. One blocking, compacting, decommitting
/// collection costs well under a second at that size, and is only made when the rows are large.</remarks>
internal static class LargeRows
{
    /// <summary>Rows of at least this many bytes are allocated after a full collection.</summary>
    internal const long CollectAbove = 64L * 1024 * 1024;

    public static float[] Allocate(int rows, int width)
    {
        var floats = (long)rows * width;
        if (floats * sizeof(float) >= CollectAbove)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        return new float[floats];
    }
}
