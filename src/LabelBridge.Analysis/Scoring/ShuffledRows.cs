namespace LabelBridge.Analysis.Scoring;

/// <summary>The training rows of a fold, one at a time, reshuffled at each epoch: the regression and the network draw
/// their mini-batches the same way, so both see the rows in the same seeded order.</summary>
internal sealed class ShuffledRows(int[] rows, Random random)
{
    private int position = rows.Length;

    /// <summary>The next row; an epoch begins when all were drawn (the cancellation check costs nothing at that granularity).</summary>
    public int Next(CancellationToken cancellationToken)
    {
        if (position == rows.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(rows);
            position = 0;
        }

        return rows[position++];
    }
}
