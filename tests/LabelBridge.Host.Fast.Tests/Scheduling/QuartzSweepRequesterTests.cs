using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Host.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace LabelBridge.Host.Fast.Tests.Scheduling;

/// <summary>The requester against a real in-memory Quartz scheduler that is never started (nothing fires), on a fake
/// clock: what is checked is which one-shot triggers exist and when they are due.</summary>
public sealed class QuartzSweepRequesterTests : IAsyncDisposable
{
    private const string Project = "shelves";

    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private readonly LabelBridgeOptions options = new()
    {
        Projects = [new ProjectOptions { Name = Project, Platform = "platform", RemoteProjectId = "1" }],
        Web = new WebOptions { WebhookDebounce = TimeSpan.FromMinutes(2) },
    };

    // Quartz's default job store keeps everything in memory.
    private readonly ServiceProvider quartz = new ServiceCollection()
        .AddLogging()
        .AddQuartz(_ => { })
        .BuildServiceProvider();

    private ISchedulerFactory schedulers => quartz.GetRequiredService<ISchedulerFactory>();

    public async ValueTask DisposeAsync()
    {
        await (await schedulers.GetScheduler(CancellationToken.None)).Shutdown(false, CancellationToken.None);
        await quartz.DisposeAsync();
    }

    [Fact]
    public async Task Webhooks_close_together_become_one_run_due_one_debounce_after_the_first()
    {
        var requester = await RequesterAsync();

        await requester.RequestSweepAsync(Project, "webhook", Cancel);
        clock.Advance(TimeSpan.FromSeconds(30));
        await requester.RequestSweepAsync(Project, "webhook", Cancel);
        clock.Advance(TimeSpan.FromSeconds(80));
        await requester.RequestSweepAsync(Project, "webhook", Cancel);

        var trigger = Assert.Single(await TriggersAsync());
        Assert.Equal(SweepJobKeys.Webhook(Project), trigger.Key);
        Assert.Equal(Start + TimeSpan.FromMinutes(2), trigger.StartTimeUtc);
    }

    [Fact]
    public async Task A_manual_request_is_due_now_and_does_not_join_a_waiting_webhook_run()
    {
        var requester = await RequesterAsync();
        await requester.RequestSweepAsync(Project, "webhook", Cancel);
        clock.Advance(TimeSpan.FromSeconds(10));

        await requester.RequestSweepAsync(Project, "manual", Cancel);

        var triggers = await TriggersAsync();
        Assert.Equal(2, triggers.Count);
        var manual = Assert.Single(triggers, t => !t.Key.Equals(SweepJobKeys.Webhook(Project)));
        Assert.Equal(Start + TimeSpan.FromSeconds(10), manual.StartTimeUtc);
        Assert.Equal("manual", manual.JobDataMap.GetString(SweepJob.TriggerKey));
    }

    [Fact]
    public async Task A_request_for_a_project_that_is_not_configured_names_it_and_schedules_nothing()
    {
        var requester = await RequesterAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => requester.RequestSweepAsync("nope", "webhook", Cancel));

        Assert.Contains("'nope'", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await TriggersAsync());
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<QuartzSweepRequester> RequesterAsync()
    {
        var scheduler = await schedulers.GetScheduler(Cancel);
        var job = JobBuilder.Create<SweepJob>().WithIdentity(SweepJobKeys.Job(Project)).StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, Cancel);
        var catalog = new ProjectCatalog(Options.Create(ProjectsOptions.Of(options)), Options.Create(PlatformsOptions.Of(options)), []);
        return new QuartzSweepRequester(schedulers, catalog, Options.Create(options.Web), clock);
    }

    private async Task<IReadOnlyCollection<ITrigger>> TriggersAsync()
    {
        var scheduler = await schedulers.GetScheduler(Cancel);
        return await scheduler.GetTriggersOfJob(SweepJobKeys.Job(Project), Cancel);
    }
}
