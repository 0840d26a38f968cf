using System.Text;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Core.Tests.Quality;

public sealed class QualityTrendTests
{
    private static readonly DateTimeOffset Finished = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_row_has_one_figure_per_sweep_oldest_first_null_where_absent_and_rows_are_worst_first_in_the_newest_sweep()
    {
        var trend = QualityTrends.Build(
        [
            (Sweep(3), Table(("alice", 10.0), ("bob", 2.0))),
            (Sweep(5), Table(("bob", 7.5), ("carol", 1.0))),
            (Sweep(8), Table(("alice", 4.0), ("bob", 5.0), ("carol", 0.0))),
        ]);

        Assert.Equal([3L, 5L, 8L], trend.Sweeps.Select(s => s.SweepId));
        Assert.Equal(["bob", "alice", "carol"], trend.Annotators.Select(r => r.Name));
        Assert.Equal([2.0, 7.5, 5.0], trend.Annotators[0].FindingsPer100);
        Assert.Equal([10.0, null, 4.0], trend.Annotators[1].FindingsPer100);
        Assert.Equal([null, 1.0, 0.0], trend.Annotators[2].FindingsPer100);
        Assert.All(trend.Jobs, r => Assert.Equal(3, r.FindingsPer100.Count));
    }

    [Fact]
    public void Rows_missing_from_the_newest_sweep_come_after_those_in_it()
    {
        var trend = QualityTrends.Build([(Sweep(1), Table(("zoe", 50.0))), (Sweep(2), Table(("amy", 0.0)))]);

        Assert.Equal(["amy", "zoe"], trend.Annotators.Select(r => r.Name));
    }

    [Fact]
    public void The_table_is_read_from_a_report_checkpoint_past_its_points_and_is_null_in_a_report_without_one()
    {
        var table = Table(("alice", 12.5));
        var json = $$$"""{"sweepId":4,"points":[{"x":1,"nested":{"quality":1}},{"x":2}],"notes":["quality"],"quality":{{{Encoding.UTF8.GetString(SweepCheckpoints.Serialize(table))}}}}""";

        var read = QualityTrends.TableOf(Encoding.UTF8.GetBytes(json));

        Assert.Equal(12.5, Assert.Single(read!.Annotators).FindingsPer100);
        Assert.Equal("job 1", Assert.Single(read.Jobs).Name);
        Assert.Null(QualityTrends.TableOf("""{"sweepId":4,"points":[{"quality":{}}]}"""u8));
        Assert.Null(QualityTrends.TableOf("""{"sweepId":4,"quality":null}"""u8));
    }

    private static SweepRecord Sweep(long id) => new(id, "p", "schedule", SweepStage.Report, SweepStatus.Succeeded, Finished, Finished.AddMinutes(id), null);

    private static QualityTable Table(params (string Name, double PerHundred)[] annotators) => new(
        annotators.Select(a => new QualityRow(a.Name, 100, (int)a.PerHundred, a.PerHundred, 0, 0, [])).ToList(),
        [new QualityRow("job 1", 100, 1, 1.0, 0, 0, [])]);
}
