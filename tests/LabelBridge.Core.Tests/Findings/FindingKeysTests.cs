using LabelBridge.Core.Findings;

namespace LabelBridge.Core.Tests.Findings;

public sealed class FindingKeysTests
{
    [Fact]
    public void The_same_kind_and_annotation_always_give_the_same_key()
    {
        Assert.Equal(FindingKeys.For(FindingKind.Mislabel, "cvat:shape/7"), FindingKeys.For(FindingKind.Mislabel, "cvat:shape/7"));
        Assert.StartsWith("ml-", FindingKeys.For(FindingKind.Mislabel, "cvat:shape/7"), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_kinds_or_annotations_give_different_keys()
    {
        var keys = new[]
        {
            FindingKeys.For(FindingKind.Mislabel, "cvat:shape/7"),
            FindingKeys.For(FindingKind.Outlier, "cvat:shape/7"),
            FindingKeys.For(FindingKind.Mislabel, "cvat:shape/8"),
        };

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_marker_at_the_start_of_a_message_gives_back_its_key()
    {
        var key = FindingKeys.For(FindingKind.DuplicateConflict, "ls:task/4/region/abc");

        Assert.Equal(key, FindingKeys.ParseMarker($"{FindingKeys.Marker(key)} labelled Bag; a near-identical object is labelled Coat"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A reviewer's own issue")]
    [InlineData("see [labelbridge:ml-123] later")]
    [InlineData("[labelbridge:]")]
    [InlineData("[labelbridge:ml-123 without closing bracket")]
    public void Messages_without_a_leading_marker_have_no_key(string? message) => Assert.Null(FindingKeys.ParseMarker(message));
}
