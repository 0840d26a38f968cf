using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Emulators.Tests.Scenes;

public sealed class FlagScoreTests
{
    [Fact]
    public void Precision_recall_and_boxes_with_several_markers_come_out_as_counted_by_hand()
    {
        PlantedError[] planted =
        [
            new("a", PlantedKinds.Mislabel, "Shirt", "T-shirt/top"),
            new("b", PlantedKinds.Mislabel, "Coat", "Pullover"),
            new("c", PlantedKinds.DuplicateConflict, "Bag", "Dress"),
            new("d", PlantedKinds.Junk, "(not a garment)", "Bag"),
        ];
        WrittenMarker[] markers =
        [
            new("a", "Mislabel"), new("a", "DuplicateConflict"), // one planted box, two markers
            new("c", "DuplicateConflict"),
            new("x", "Mislabel"), new("y", "Outlier"), new("y", "Mislabel"), // two clean boxes, one with two markers
            new(null, "Mislabel"), // a key the report does not know: a false flag
        ];

        var score = FlagScore.Compute(markers, planted);

        Assert.Equal(7, score.Markers);
        Assert.Equal(1, score.UnknownMarkers);
        Assert.Equal(4, score.BoxesFlagged);
        Assert.Equal(2, score.BoxesFlaggedPlanted);
        Assert.Equal(2, score.BoxesWithSeveralMarkers);
        Assert.Equal(2.0 / 5, score.Precision, 12);
        Assert.Equal(2.0 / 4, score.Recall, 12);
        Assert.Equal(3.0 / 7, score.MarkerPrecision, 12);
        Assert.Equal(
            [new PlantedKindScore(PlantedKinds.DuplicateConflict, 1, 1), new PlantedKindScore(PlantedKinds.Junk, 1, 0), new PlantedKindScore(PlantedKinds.Mislabel, 2, 1)],
            score.PlantedKinds);
        Assert.Equal([new MarkerKindScore("DuplicateConflict", 2, 2), new MarkerKindScore("Mislabel", 4, 1), new MarkerKindScore("Outlier", 1, 0)], score.MarkerKinds);
    }

    [Fact]
    public void No_markers_score_zero_rather_than_dividing_by_zero()
    {
        var score = FlagScore.Compute([], [new("a", PlantedKinds.Mislabel, "Shirt", "Coat")]);

        Assert.Equal((0.0, 0.0, 0.0), (score.Precision, score.Recall, score.MarkerPrecision));
    }
}
