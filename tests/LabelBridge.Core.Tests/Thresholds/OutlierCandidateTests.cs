using LabelBridge.Core.Thresholds;

namespace LabelBridge.Core.Tests.Thresholds;

public sealed class OutlierCandidateTests
{
    [Fact]
    public void The_kept_rows_give_the_same_outliers_as_all_rows_at_every_threshold()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 50; trial++)
        {
            var scores = Enumerable.Range(0, 60).Select(_ => Math.Round(random.NextDouble(), 1)).ToList();
            var budget = 1 + random.Next(6);

            var kept = OutlierCandidates.Select(scores, budget);

            foreach (var t in Enumerable.Range(0, 12).Select(i => i / 10.0))
            {
                var all = Enumerable.Range(0, scores.Count).Where(i => scores[i] >= t).Take(budget).ToList();
                var fromKept = kept.Where(i => scores[i] >= t).Take(budget).ToList();
                Assert.Equal(all, fromKept);
            }
        }
    }

    [Fact]
    public void A_row_preceded_by_a_budget_of_rows_scoring_at_least_as_high_is_never_kept()
    {
        // 0.5 follows two rows scoring higher and 0.9 (the last) three: at any threshold they pass, the budget of 2 is full first.
        double[] scores = [0.9, 0.95, 0.5, 0.99, 0.9];

        Assert.Equal([0, 1, 3], OutlierCandidates.Select(scores, budget: 2));
    }
}
