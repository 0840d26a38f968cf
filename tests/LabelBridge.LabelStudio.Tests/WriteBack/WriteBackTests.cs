using System.Text.Json.Nodes;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.WriteBack;

public sealed class WriteBackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writing_back_twice_leaves_one_prediction_one_meta_entry_and_one_view()
    {
        await using var scene = await Scene.StartAsync();

        var first = await scene.WriteAsync(scene.Mislabel, scene.Outlier, scene.ChoiceMislabel);
        var requestsBefore = scene.Harness.Emulator.ApiRequests().Count;
        var second = await scene.WriteAsync(scene.Mislabel, scene.Outlier, scene.ChoiceMislabel);

        Assert.All(scene.Harness.Emulator.ApiRequests().Skip(requestsBefore), r => Assert.Equal("GET", r.Method));

        var model = scene.Harness.Emulator.Model;
        var ours = model.Predictions(scene.Project).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        // Tasks are written in parallel (MaxConcurrentRequests), so predictions are created in no fixed order.
        Assert.Equal([scene.CatTask, scene.DogTask], ours.Select(p => p.Task).Order());
        Assert.Single(model.Predictions(scene.Project), p => p.ModelVersion == "yolo-v8");
        Assert.All(first.Markers, m => Assert.True(m.Created));
        Assert.All(second.Markers, m => Assert.False(m.Created));
        Assert.Equal(first.Markers.Select(m => m.MarkerId), second.Markers.Select(m => m.MarkerId));
        var meta = model.Task(scene.CatTask)!.Meta;
        Assert.Equal("import", (string?)meta["source"]);
        Assert.Equal(2, meta["labelbridge"]!["findings"]!.AsArray().Count);
        var view = Assert.Single(model.Views(scene.Project));
        Assert.Equal("LabelBridge: needs review", (string?)view.Data["title"]);
        var filter = view.Data["filters"]!["items"]![0]!;
        Assert.Equal("filter:tasks:id", (string?)filter["filter"]);
        Assert.Equal("in_list", (string?)filter["operator"]);
        Assert.Equal([scene.CatTask, scene.DogTask], filter["value"]!.AsArray().Select(v => (long)v!));
    }

    [Fact]
    public async Task Tasks_are_written_in_parallel_but_never_more_at_once_than_MaxConcurrentRequests()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.MaxConcurrentRequests = 3);
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 10);
        var connector = harness.Connector;
        // A server that takes a while per task write (the meta patch: the predictions go in one bulk import), so requests
        // sent together are answered together.
        harness.Emulator.Faults.DelayNext(1000, TimeSpan.FromMilliseconds(150), "/api/tasks/", "PATCH");
        harness.Emulator.ResetMaxConcurrentRequests();

        var result = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);

        Assert.Equal(10, result.Written);
        Assert.InRange(harness.Emulator.MaxConcurrentRequests, 2, 3);
        var ours = harness.Emulator.Model.Predictions(project).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        Assert.Equal(10, ours.Select(p => p.Task).Distinct().Count());
        Assert.Equal(10, ours.Count);
        Assert.Equal(findings.Select(f => f.Key), result.Markers.Select(m => m.FindingKey));
    }

    [Fact]
    public async Task New_predictions_are_created_in_bulk_leaving_one_request_per_flagged_task_and_an_unchanged_rewrite_reads_tasks_in_pages()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.MaxConcurrentRequests = 4);
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 250);
        var connector = harness.Connector;
        var before = harness.Emulator.ApiRequests().Count;

        var first = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);
        var firstRequests = harness.Emulator.ApiRequests().Skip(before).ToList();
        var second = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);
        var secondRequests = harness.Emulator.ApiRequests().Skip(before + firstRequests.Count).ToList();

        Assert.Equal(250, first.Written);
        Assert.Equal(250, second.AlreadyPresent);
        // The 250 predictions in three bulk imports of at most 100, their ids read back with one list; then one meta patch
        // per task. The tasks themselves are read 100 at a time, not one by one.
        Assert.DoesNotContain(firstRequests, r => r.Method == "POST" && r.Path == "/api/predictions/");
        var imports = firstRequests.Where(r => r.Method == "POST" && r.Path == $"/api/projects/{project}/import/predictions").ToList();
        Assert.Equal([100, 100, 50], imports.Select(r => JsonNode.Parse(r.Body!)!.AsArray().Count).Order().Reverse());
        Assert.Equal(2, firstRequests.Count(r => r.Method == "GET" && r.Path == "/api/predictions/"));
        Assert.Equal(250, firstRequests.Count(r => r.Method == "PATCH" && r.Path.StartsWith("/api/tasks/", StringComparison.Ordinal)));
        Assert.DoesNotContain(firstRequests, r => r.Method == "GET" && r.Path.StartsWith("/api/tasks/", StringComparison.Ordinal) && r.Path != "/api/tasks/");
        Assert.Equal(3, firstRequests.Count(r => r.Method == "GET" && r.Path == "/api/tasks/"));
        Assert.InRange(firstRequests.Count, 250, 250 + 12);
        var ours = harness.Emulator.Model.Predictions(project).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        Assert.Equal(250, ours.Select(p => p.Task).Distinct().Count());
        Assert.Equal(250, ours.Count);
        // Each marker names the prediction of its own task.
        var predictionOfTask = ours.ToDictionary(p => p.Task, p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(first.Markers, m => Assert.Equal(predictionOfTask[long.Parse(m.AnnotationKey.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture)], m.MarkerId));
        Assert.Equal(first.Markers.Select(m => m.MarkerId), second.Markers.Select(m => m.MarkerId));
        // Unchanged: nothing written, and no request per task at all (pages of tasks, the prediction list, the views).
        Assert.All(secondRequests, r => Assert.Equal("GET", r.Method));
        Assert.InRange(secondRequests.Count, 1, 6);
        var meta = harness.Emulator.Model.Tasks(project).Select(t => t.Meta["labelbridge"]!["findings"]!.AsArray().Count);
        Assert.All(meta, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_bulk_import_whose_answer_was_lost_is_listed_before_it_is_sent_again_and_never_creates_a_prediction_twice()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.MaxConcurrentRequests = 2);
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 150);
        // The first import lands, but its connection drops before the answer; the second fails with 502 before it lands.
        harness.Emulator.Faults.DropAnswerNext(1, "/import/predictions", "POST");
        harness.Emulator.Faults.FailNext(1, 502, "/import/predictions");
        var before = harness.Emulator.ApiRequests().Count;

        var result = await harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);

        Assert.Empty(result.Problems);
        Assert.Equal(150, result.Written);
        AssertOnePredictionPerTask(harness, project, 150);
        var imports = harness.Emulator.ApiRequests().Skip(before).Where(r => r.Path.EndsWith("/import/predictions", StringComparison.Ordinal)).ToList();
        // Two imports to begin with (100 + 50), each failing once; only the one that had not landed is sent again.
        var sizes = ImportSizes(imports).ToList();
        Assert.Equal(3, sizes.Count);
        Assert.Contains(sizes.Sum() - 150, new[] { 50, 100 });
    }

    [Fact]
    public async Task A_bulk_import_answered_with_fewer_created_than_sent_sends_only_the_missing_ones_again_in_bulk()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.MaxConcurrentRequests = 1);
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 150);
        // The first import creates 60 of its 100 and answers {"created": 60}, as Label Studio does when it skips predictions
        // that fail validation.
        harness.Emulator.Faults.KeepFirstItemsNext(1, 60, "/import/predictions");
        var before = harness.Emulator.ApiRequests().Count;

        var result = await harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);

        Assert.Empty(result.Problems);
        Assert.Equal(150, result.Written);
        AssertOnePredictionPerTask(harness, project, 150);
        var requests = harness.Emulator.ApiRequests().Skip(before).ToList();
        // The 40 the short answer left out went again in one import, not one request per task.
        Assert.DoesNotContain(requests, r => r is { Method: "POST", Path: "/api/predictions/" });
        var sizes = ImportSizes(requests);
        Assert.Equal([100, 50, 40], sizes.OrderDescending());
    }

    [Fact]
    public async Task A_bulk_import_answered_short_twice_is_not_sent_a_third_time_and_the_rest_are_created_one_by_one()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.MaxConcurrentRequests = 1);
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 150);
        // The server keeps skipping what it does not accept: the first chunk and its resend create one prediction each,
        // and so does the second chunk's first import.
        harness.Emulator.Faults.KeepFirstItemsNext(3, 1, "/import/predictions");
        var before = harness.Emulator.ApiRequests().Count;

        var result = await harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);

        Assert.Empty(result.Problems);
        Assert.Equal(150, result.Written);
        AssertOnePredictionPerTask(harness, project, 150);
        var requests = harness.Emulator.ApiRequests().Skip(before).ToList();
        var sizes = ImportSizes(requests);
        // Each chunk is sent again once after a short answer, never a third time (100, 99 and 50, 49).
        Assert.Equal([100, 99, 50, 49], sizes.OrderDescending());
        Assert.Equal(98, requests.Count(r => r is { Method: "POST", Path: "/api/predictions/" }));
    }

    [Fact]
    public async Task Credentials_refused_on_a_bulk_import_fail_at_once_without_listing_or_sending_again()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Token);
        var (_, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 20);
        // The token is refused on the import itself (revoked between the reads and the write).
        harness.Emulator.Faults.FailNext(10, 401, "/import/predictions");
        var before = harness.Emulator.ApiRequests().Count;

        var failure = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct));

        Assert.True(failure.CredentialsRefused);
        Assert.DoesNotContain(harness.Emulator.LegacyToken, failure.ToString(), StringComparison.Ordinal);
        var requests = harness.Emulator.ApiRequests().Skip(before).ToList();
        var import = Assert.Single(requests, r => r.Path.EndsWith("/import/predictions", StringComparison.Ordinal));
        // Nothing after the refused import: no backoff, no listing of what landed, no second attempt.
        Assert.Same(import, requests[^1]);
    }

    /// <summary>The renewal before an import sent nothing: it is not an answer that may have been lost (which is listed,
    /// then sent again), but an outage of the token endpoint after the renewal's own retries.</summary>
    [Fact]
    public async Task A_token_renewal_that_fails_before_a_bulk_import_is_an_outage_with_nothing_listed_or_sent()
    {
        var clock = new ShiftedClock();
        await using var harness = await Harness.StartAsync(clientClock: clock);
        var (project, _, _) = await CatsFlaggedAsDogsAsync(harness, 5);
        var client = harness.Connector.Client;
        var writes = harness.Emulator.Model.Tasks(project).Select(t => new Api.LsPredictionWrite(t.Id, "labelbridge-qa", 0.9, [])).ToList();
        // The access token read with the snapshot is due again, and the token endpoint fails every attempt of its renewal.
        clock.Offset = TimeSpan.FromHours(1);
        harness.Emulator.Faults.FailNext(client.Attempts, 503, "/api/token/refresh/");
        var before = harness.Emulator.ApiRequests().Count;

        var failure = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => new LabelStudio.WriteBack.TaskPredictions(client, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ImportAsync(project, writes, new HashSet<long>(), 1, Ct));

        Assert.False(failure.CredentialsRefused);
        Assert.Contains("api/token/refresh/", failure.Message, StringComparison.Ordinal);
        var requests = harness.Emulator.ApiRequests().Skip(before).ToList();
        // Only the renewal's attempts: no listing of what landed, no import.
        Assert.Equal(client.Attempts, requests.Count);
        Assert.All(requests, r => Assert.Equal("/api/token/refresh/", r.Path));
        Assert.Empty(harness.Emulator.Model.Predictions(project));
    }

    /// <summary>Issue #19 (leftovers, item 4): a single-attempt send renews a due access token itself, before its attempt,
    /// so the renewal does not eat the attempt's RequestTimeout (here a slow token endpoint and a slow import each fit in
    /// RequestTimeout, both together do not).</summary>
    [Fact]
    public async Task A_single_attempt_send_with_a_due_token_renews_it_before_the_attempt()
    {
        var clock = new ShiftedClock();
        await using var harness = await Harness.StartAsync(clientClock: clock, configure: p => p.RequestTimeout = TimeSpan.FromSeconds(10));
        var (project, _, _) = await CatsFlaggedAsDogsAsync(harness, 5);
        var client = harness.Connector.Client;
        Api.LsPredictionWrite[] writes = [.. harness.Emulator.Model.Tasks(project).Select(t => new Api.LsPredictionWrite(t.Id, "labelbridge-qa", 0.9, []))];
        // The access token read with the snapshot is due again; its renewal and the import each take 6 s (4 s to spare each on a loaded machine; 12 s together).
        clock.Offset = TimeSpan.FromHours(1);
        harness.Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(6), "/api/token/refresh/");
        harness.Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(6), "/import/predictions", "POST");
        var before = harness.Emulator.ApiRequests().Count;

        var sending = client.SendOnceAsync("api/projects/{id}/import/predictions", (api, ct) => api.ImportPredictionsAsync(project, writes, ct), Ct);
        // The clock back to the server's once the renewal is under way, so the renewed token is fresh.
        while (!harness.Emulator.ApiRequests().Skip(before).Any(r => r.Path == "/api/token/refresh/"))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }

        clock.Offset = TimeSpan.Zero;
        using var response = await sending;

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(5, harness.Emulator.Model.Predictions(project).Count(p => p.ModelVersion == "labelbridge-qa"));
        var requests = harness.Emulator.ApiRequests().Skip(before).ToList();
        Assert.Equal(["/api/token/refresh/", $"/api/projects/{project}/import/predictions"], requests.Select(r => r.Path));
    }

    /// <summary>The system clock moved by <see cref="Offset"/> (its timers are the system's).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    [Fact]
    public async Task A_throttled_bulk_import_is_sent_again_after_the_servers_Retry_After_not_the_transports_backoff()
    {
        var clock = new RecordingClock();
        await using var harness = await Harness.StartAsync(clientClock: clock);
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 20);
        harness.Emulator.Faults.FailNext(1, 429, "/import/predictions", retryAfter: TimeSpan.FromSeconds(2));
        var before = harness.Emulator.ApiRequests().Count;

        var result = await harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);

        Assert.Equal(20, result.Written);
        Assert.Contains(TimeSpan.FromSeconds(2), clock.Waits);
        Assert.Equal(20, harness.Emulator.Model.Predictions(project).Count(p => p.ModelVersion == "labelbridge-qa"));
        var requests = harness.Emulator.ApiRequests().Skip(before).ToList();
        // A 429 landed nothing: the same import again, with no listing of what landed in between.
        var imports = requests.Select((r, i) => (r, i)).Where(x => x.r.Path.EndsWith("/import/predictions", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, imports.Count);
        Assert.Equal(imports[0].r.Body, imports[1].r.Body);
        Assert.DoesNotContain(requests[imports[0].i..imports[1].i], r => r is { Method: "GET", Path: "/api/predictions/" });
    }

    [Fact]
    public async Task A_bulk_import_that_times_out_every_time_says_each_request_was_made_once()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.RequestTimeout = TimeSpan.FromMilliseconds(300));
        var (_, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 5);
        harness.Emulator.Faults.DelayNext(10, TimeSpan.FromSeconds(5), "/import/predictions", "POST");

        var failure = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct));

        // Each import request is made once (the transport does not repeat it), whatever the transport's retry count.
        Assert.Contains("made once", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("attempts", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The system clock, noting the due time of every timer made through it (Task.Delay with a TimeProvider
    /// makes one), so a test can tell which wait the client chose without timing it.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> waits = new();

        public IReadOnlyCollection<TimeSpan> Waits => waits;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            waits.Enqueue(dueTime);
            return TimeProvider.System.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public async Task A_bulk_import_label_studio_refuses_falls_back_to_one_prediction_per_task()
    {
        await using var harness = await Harness.StartAsync();
        var (project, snapshot, findings) = await CatsFlaggedAsDogsAsync(harness, 5);
        // Refused whole, as Label Studio refuses an import naming one task deleted since it was read.
        harness.Emulator.Faults.FailNext(1, 400, "/import/predictions");
        var before = harness.Emulator.ApiRequests().Count;

        var result = await harness.Connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Ct);

        Assert.Empty(result.Problems);
        Assert.Equal(5, result.Written);
        Assert.Equal(5, harness.Emulator.ApiRequests().Skip(before).Count(r => r is { Method: "POST", Path: "/api/predictions/" }));
        var ours = harness.Emulator.Model.Predictions(project).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        Assert.Equal(5, ours.Select(p => p.Task).Distinct().Count());
        Assert.Equal(5, ours.Count);
    }

    [Fact]
    public async Task A_task_deleted_after_the_snapshot_is_reported_and_the_other_tasks_are_written()
    {
        await using var scene = await Scene.StartAsync();
        scene.Harness.Emulator.Model.DeleteTask(scene.DogTask);

        var result = await scene.WriteAsync(scene.Mislabel, scene.Outlier);

        var problem = Assert.Single(result.Problems);
        Assert.Contains($"task {scene.DogTask} no longer exists", problem.Reason, StringComparison.Ordinal);
        Assert.Equal([scene.Mislabel.Key], result.Markers.Select(m => m.FindingKey));
        Assert.Single(scene.Harness.Emulator.Model.Predictions(taskId: scene.CatTask), p => p.ModelVersion == "labelbridge-qa");
    }

    [Fact]
    public async Task Prediction_shows_the_flagged_region_as_drawn_with_the_suggested_label_and_score()
    {
        await using var scene = await Scene.StartAsync();

        await scene.WriteAsync(scene.Mislabel, scene.ChoiceMislabel);

        var prediction = scene.Harness.Emulator.Model.Predictions(taskId: scene.CatTask).Single(p => p.ModelVersion == "labelbridge-qa");
        var region = prediction.Result.OfType<JsonObject>().Single(r => (string?)r["type"] == "rectanglelabels");
        Assert.Equal(scene.Mislabel.Key, (string?)region["id"]);
        Assert.Equal("Dog", (string?)region["value"]!["rectanglelabels"]![0]);
        Assert.Equal(10.0, (double)region["value"]!["x"]!);
        Assert.Equal(0.91, (double)region["score"]!);
        Assert.Equal(scene.Mislabel.Reason, (string?)region["meta"]!["text"]![0]);
        var choice = prediction.Result.OfType<JsonObject>().Single(r => (string?)r["type"] == "choices");
        Assert.Equal("Outdoor", (string?)choice["value"]!["choices"]![0]);
        Assert.Equal("scene", (string?)choice["from_name"]);
        Assert.Equal(0.91, prediction.Score);
    }

    [Fact]
    public async Task Task_no_longer_flagged_loses_its_prediction_its_findings_and_its_place_in_the_view()
    {
        await using var scene = await Scene.StartAsync();
        await scene.WriteAsync(scene.Mislabel, scene.Outlier);

        await scene.WriteAsync(scene.Mislabel);

        var model = scene.Harness.Emulator.Model;
        Assert.DoesNotContain(model.Predictions(taskId: scene.DogTask), p => p.ModelVersion == "labelbridge-qa");
        var entry = model.Task(scene.DogTask)!.Meta["labelbridge"]!;
        Assert.Empty(entry["findings"]!.AsArray());
        Assert.Equal([scene.Outlier.Key], entry["withdrawn"]!.AsArray().Select(k => (string?)k));
        Assert.Equal([scene.CatTask], model.Views(scene.Project).Single().Data["filters"]!["items"]![0]!["value"]!.AsArray().Select(v => (long)v!));
    }

    [Fact]
    public async Task Changed_label_reads_back_as_confirmed_and_deleted_prediction_as_dismissed()
    {
        await using var scene = await Scene.StartAsync();
        var written = await scene.WriteAsync(scene.Mislabel, scene.Outlier);
        var model = scene.Harness.Emulator.Model;
        model.UpdateAnnotation(scene.CatAnnotation, result => result[0]!["value"]!["rectanglelabels"] = new JsonArray("Dog"));
        model.DeletePrediction(model.Predictions(taskId: scene.DogTask).Single(p => p.ModelVersion == "labelbridge-qa").Id);

        var current = await scene.Harness.Connector.ReadProjectAsync($"{scene.Project}", Ct);
        var decisions = await scene.Harness.Connector.ReadDecisionsAsync(current, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, m == written.Markers[0] ? "Cat" : "Dog"))], Ct);

        var confirmed = Assert.Single(decisions, d => d.FindingKey == scene.Mislabel.Key);
        Assert.Equal(DecisionVerdict.Confirmed, confirmed.Verdict);
        Assert.Equal("Dog", confirmed.CurrentLabel);
        Assert.Equal(DecisionVerdict.Dismissed, Assert.Single(decisions, d => d.FindingKey == scene.Outlier.Key).Verdict);
    }

    [Fact]
    public async Task Findings_labelbridge_withdrew_itself_are_not_read_back_as_dismissed()
    {
        await using var scene = await Scene.StartAsync();
        var written = await scene.WriteAsync(scene.Mislabel, scene.Outlier, scene.ChoiceMislabel);
        await scene.WriteAsync(scene.Mislabel);

        var decisions = await scene.Harness.Connector.ReadDecisionsAsync(
            scene.Snapshot, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, m.AnnotationKey.Contains("choice", StringComparison.Ordinal) ? "Indoor" : m.AnnotationKey.EndsWith("r1", StringComparison.Ordinal) ? "Cat" : "Dog"))], Ct);

        Assert.Empty(decisions);
    }

    [Fact]
    public async Task Untouched_markers_read_back_as_no_decision()
    {
        await using var scene = await Scene.StartAsync();
        var written = await scene.WriteAsync(scene.Mislabel);

        var decisions = await scene.Harness.Connector.ReadDecisionsAsync(scene.Snapshot, [new MarkerLabelSnapshot(written.Markers[0], "Cat")], Ct);

        Assert.Empty(decisions);
    }

    [Fact]
    public async Task Dismissing_on_the_triage_page_removes_only_that_region_and_meta_finding()
    {
        await using var scene = await Scene.StartAsync();
        var written = await scene.WriteAsync(scene.Mislabel, scene.ChoiceMislabel);
        var choiceMarker = written.Markers.Single(m => m.FindingKey == scene.ChoiceMislabel.Key);

        var problem = await scene.Harness.Connector.DismissAsync(scene.Snapshot, choiceMarker, Ct);

        Assert.Null(problem);
        var model = scene.Harness.Emulator.Model;
        var prediction = model.Predictions(taskId: scene.CatTask).Single(p => p.ModelVersion == "labelbridge-qa");
        Assert.Equal([scene.Mislabel.Key], prediction.Result.Select(r => (string?)r!["id"]));
        Assert.Equal([scene.Mislabel.Key], model.Task(scene.CatTask)!.Meta["labelbridge"]!["findings"]!.AsArray().Select(f => (string?)f!["key"]));
    }

    [Fact]
    public async Task A_sweep_lists_the_projects_predictions_once_for_read_back_and_write_back()
    {
        await using var scene = await Scene.StartAsync();
        var written = await scene.WriteAsync(scene.Mislabel, scene.Outlier);
        var connector = scene.Harness.Connector;
        var current = await connector.ReadProjectAsync($"{scene.Project}", Ct);
        var requestsBefore = scene.Harness.Emulator.ApiRequests().Count;

        await connector.ReadDecisionsAsync(current, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, m == written.Markers[0] ? "Cat" : "Dog"))], Ct);
        var rewritten = await connector.WriteBackAsync(new WriteBackRequest(current, [scene.Mislabel, scene.Outlier], WriteBackMode.Markers), Ct);

        Assert.Single(scene.Harness.Emulator.ApiRequests().Skip(requestsBefore), r => r is { Method: "GET", Path: "/api/predictions/" });
        Assert.Equal(written.Markers.Select(m => m.MarkerId), rewritten.Markers.Select(m => m.MarkerId));
    }

    [Fact]
    public async Task A_prediction_deleted_after_the_sweep_listed_it_is_written_again()
    {
        await using var scene = await Scene.StartAsync();
        var written = await scene.WriteAsync(scene.Mislabel, scene.ChoiceMislabel);
        var connector = scene.Harness.Connector;
        var current = await connector.ReadProjectAsync($"{scene.Project}", Ct);
        await connector.ReadDecisionsAsync(current, [.. written.Markers.Select(m => new MarkerLabelSnapshot(m, m.FindingKey == scene.ChoiceMislabel.Key ? "Indoor" : "Cat"))], Ct);
        var model = scene.Harness.Emulator.Model;
        model.DeletePrediction(model.Predictions(taskId: scene.CatTask).Single(p => p.ModelVersion == "labelbridge-qa").Id);

        var rewritten = await connector.WriteBackAsync(new WriteBackRequest(current, [scene.Mislabel], WriteBackMode.Markers), Ct);

        Assert.Empty(rewritten.Problems);
        var prediction = Assert.Single(model.Predictions(taskId: scene.CatTask), p => p.ModelVersion == "labelbridge-qa");
        Assert.Equal([scene.Mislabel.Key], prediction.Result.Select(r => (string?)r!["id"]));
    }

    /// <summary>Two flagged tasks (a cat box with a scene choice, a dog polygon), one clean task, an unrelated model's prediction.</summary>
    [Fact]
    public async Task A_prediction_label_studio_refuses_with_400_fails_that_tasks_markers_only_and_the_others_are_written()
    {
        await using var scene = await Scene.StartAsync();
        await scene.WriteAsync(scene.Mislabel);
        var model = scene.Harness.Emulator.Model;
        var catPrediction = model.Predictions(scene.Project, scene.CatTask).Single(p => p.ModelVersion == "labelbridge-qa");
        scene.Harness.Emulator.Faults.FailNext(1, 400, $"/api/predictions/{catPrediction.Id}/");

        var result = await scene.WriteAsync(scene.Mislabel, scene.ChoiceMislabel, scene.Outlier);

        Assert.Equal(
            new[] { scene.Mislabel.Key, scene.ChoiceMislabel.Key }.Order(StringComparer.Ordinal),
            result.Problems.Select(p => p.Subject).Order(StringComparer.Ordinal));
        Assert.All(result.Problems, p => Assert.Contains($"Label Studio refused the prediction of task {scene.CatTask}: api/predictions/{{id}}/ answered 400", p.Reason, StringComparison.Ordinal));
        var outlier = Assert.Single(result.Markers);
        Assert.Equal(scene.Outlier.Key, outlier.FindingKey);
        Assert.Single(model.Predictions(scene.Project, scene.DogTask), p => p.ModelVersion == "labelbridge-qa");
    }

    private sealed class Scene : IAsyncDisposable
    {
        private Scene(Harness harness) => Harness = harness;

        public Harness Harness { get; }

        public long Project { get; private set; }

        public long CatTask { get; private set; }

        public long DogTask { get; private set; }

        public long CatAnnotation { get; private set; }

        public ProjectSnapshot Snapshot { get; private set; } = null!;

        public Finding Mislabel { get; private set; } = null!;

        public Finding Outlier { get; private set; } = null!;

        public Finding ChoiceMislabel { get; private set; } = null!;

        public static async Task<Scene> StartAsync()
        {
            var scene = new Scene(await Harness.StartAsync());
            var harness = scene.Harness;
            var model = harness.Emulator.Model;
            scene.Project = harness.AddProject();
            scene.CatTask = harness.AddTask(scene.Project, "cat.png");
            model.Mutate(scene.CatTask, t => t.Meta["source"] = "import");
            scene.CatAnnotation = model.AddAnnotation(scene.CatTask, Regions.Result(
                Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100),
                Regions.Choices("c1", "Indoor"))).Id;
            scene.DogTask = harness.AddTask(scene.Project, "dog.png");
            model.AddAnnotation(scene.DogTask, Regions.Result(Regions.Polygon("p1", [[10, 10], [50, 10], [30, 60]], "Dog", 200, 100)));
            var clean = harness.AddTask(scene.Project, "clean.png");
            model.AddAnnotation(clean, Regions.Result(Regions.Rectangle("r9", 1, 1, 5, 5, "Dog", 200, 100)));
            model.AddPrediction(clean, "yolo-v8", Regions.Result(Regions.Rectangle("y1", 1, 1, 5, 5, "Dog", 200, 100)), 0.8);
            scene.Snapshot = await harness.Connector.ReadProjectAsync($"{scene.Project}", Ct);
            scene.Mislabel = Finding(FindingKind.Mislabel, $"ls:task/{scene.CatTask}/region/r1", "Cat", "Dog", 0.91);
            scene.Outlier = Finding(FindingKind.Outlier, $"ls:task/{scene.DogTask}/region/p1", "Dog", null, 0.5);
            scene.ChoiceMislabel = Finding(FindingKind.Mislabel, $"ls:task/{scene.CatTask}/choice/scene/Indoor", "Indoor", "Outdoor", 0.6);
            return scene;
        }

        public Task<WriteBackResult> WriteAsync(params Finding[] findings) =>
            Harness.Connector.WriteBackAsync(new WriteBackRequest(Snapshot, findings, WriteBackMode.Markers), Ct);

        public ValueTask DisposeAsync() => Harness.DisposeAsync();

        private static Finding Finding(FindingKind kind, string annotationKey, string given, string? suggested, double score) =>
            new(FindingKeys.For(kind, annotationKey), kind, score, annotationKey, given, suggested, [],
                $"labelled {given}; its nearest neighbours say {suggested ?? "it is unusual"} — score {score}");
    }

    /// <summary>The project holds <paramref name="tasks"/> LabelBridge predictions, one per task.</summary>
    private static void AssertOnePredictionPerTask(Harness harness, long project, int tasks)
    {
        var ours = harness.Emulator.Model.Predictions(project).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        Assert.Equal(tasks, ours.Count);
        Assert.Equal(tasks, ours.Select(p => p.Task).Distinct().Count());
    }

    /// <summary>How many predictions each bulk import among <paramref name="requests"/> carried.</summary>
    private static IEnumerable<int> ImportSizes(IEnumerable<LabelBridge.Emulators.LabelStudio.RecordedRequest> requests) =>
        requests.Where(r => r.Path.EndsWith("/import/predictions", StringComparison.Ordinal)).Select(r => JsonNode.Parse(r.Body!)!.AsArray().Count);

    /// <summary>A project of <paramref name="count"/> tasks, each one cat box, read back, with every box flagged as a dog.</summary>
    private static async Task<(long Project, ProjectSnapshot Snapshot, List<Finding> Findings)> CatsFlaggedAsDogsAsync(Harness harness, int count)
    {
        var project = harness.AddProject();
        for (var i = 0; i < count; i++)
        {
            var task = harness.AddTask(project, $"pet{i}.png");
            harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100)));
        }

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);
        var findings = snapshot.Annotations
            .Select(a => new Finding(FindingKeys.For(FindingKind.Mislabel, a.Key), FindingKind.Mislabel, 0.9, a.Key, a.Label, "Dog", [], "labelled Cat"))
            .ToList();
        return (project, snapshot, findings);
    }
}
