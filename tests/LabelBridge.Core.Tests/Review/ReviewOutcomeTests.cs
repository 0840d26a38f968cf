using System.Text.Json;
using LabelBridge.Core.Review;

namespace LabelBridge.Core.Tests.Review;

public sealed class ReviewOutcomeTests
{
    [Theory]
    [InlineData(DecisionOutcome.Dismissed, "dismissed")]
    [InlineData(DecisionOutcome.Confirmed, "confirmed")]
    [InlineData(DecisionOutcome.NotFound, "not-found")]
    [InlineData(DecisionOutcome.Failed, "failed")]
    public void A_decision_outcome_keeps_the_name_the_triage_page_reads(DecisionOutcome outcome, string name)
    {
        var json = JsonSerializer.Serialize(new DecisionResult("k", outcome, "m"), JsonSerializerOptions.Web);

        Assert.Equal(name, JsonDocument.Parse(json).RootElement.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData(FlagOutcome.Marked, "marked")]
    [InlineData(FlagOutcome.AlreadyMarked, "already-marked")]
    [InlineData(FlagOutcome.NotFound, "not-found")]
    [InlineData(FlagOutcome.Failed, "failed")]
    public void A_flag_outcome_keeps_the_name_the_triage_page_reads(FlagOutcome outcome, string name)
    {
        var json = JsonSerializer.Serialize(new NeedsReviewResult("k", outcome, null, "m"), JsonSerializerOptions.Web);

        Assert.Equal(name, JsonDocument.Parse(json).RootElement.GetProperty("outcome").GetString());
        Assert.Equal(outcome, JsonSerializer.Deserialize<NeedsReviewResult>(json, JsonSerializerOptions.Web)!.Outcome);
    }
}
