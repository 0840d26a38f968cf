using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Tests.Configuration;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 0 2 * * ?")]
    [InlineData("0 30 1 ? * MON-FRI")]
    [InlineData("0 0/15 * * * ?")]
    public void Valid_schedules_have_no_explanation(string expression) => Assert.Null(CronSchedule.Explain(expression));

    [Theory]
    [InlineData("0 0 25 * * ?", "hour 25 is out of range (0-23)")]
    [InlineData("0 61 2 * * ?", "minute 61 is out of range (0-59)")]
    [InlineData("0 0 2 * *", "has 5 fields")]
    [InlineData("0 0 2 * * FUNDAY", "Quartz cron has 6 or 7 fields")]
    public void Invalid_schedules_say_what_is_wrong(string expression, string expected) =>
        Assert.Contains(expected, CronSchedule.Explain(expression), StringComparison.Ordinal);
}
