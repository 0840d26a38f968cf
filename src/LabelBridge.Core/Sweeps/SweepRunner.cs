using System.Globalization;
using System.Runtime.CompilerServices;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Review;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Thresholds;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Core.Sweeps;

/// <summary>The sweep use case: snapshot → embeddings → analysis → findings → write-back → report, each stage
/// checkpointed in the store so a sweep stopped anywhere resumes from its last completed stage.</summary>
/// <remarks>Write-back is idempotent on the platform side (markers are found by key), so re-running an interrupted
/// write-back stage never doubles a marker. A platform outage pauses the sweep (resumable) instead of failing it.
/// Where several workers share the store (<paramref name="shardScheduler"/> is registered), a large embedding stage is
/// split into shards that any worker runs; the sweep then waits (status running, no report) and is continued by the
/// worker that finishes the last shard, finding every patch in the cache.
/// <para>Each run claims the sweep with a fresh owner token kept beside its checkpoints. In a cluster, a worker too
/// starved to check in is taken for dead and another resumes its sweep (Quartz recovery), while the first keeps going:
/// Quartz cannot stop it. The first finds the token changed at its next stage boundary (before a stage starts, before
/// its checkpoint is written, before the sweep is finished) and abandons the sweep without writing, so one worker
/// writes back and finishes it. This is a check before each write, not a lock: the window is one store round trip.
/// Inside a stage (the snapshot read included) the run reads the token every <see cref="OwnerCheckInterval"/>
/// (<see cref="OwnerWatch"/>) and cancels the stage when it has lost the sweep: a long analysis stops at its next cancellation check (per fold, epoch or block
/// of rows) instead of running to its end on both workers.</para></remarks>
public sealed class SweepRunner(
    ILabelBridgeStore store,
    IAnnotationEmbedder embedder,
    IProjectAnalyzer analyzer,
    SweepMetrics metrics,
    TimeProvider time,
    ILogger<SweepRunner> logger,
    ISweepShardStore? shardStore = null,
    IEmbeddingShardScheduler? shardScheduler = null)
{
    private readonly MarkerLedger ledger = new(store, time);

    /// <summary>How often a run reads, during a stage, whether it still owns its sweep; shorter in tests.</summary>
    internal TimeSpan OwnerCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Annotations per part of the snapshot checkpoint; smaller in tests, so a small project spans several.</summary>
    internal int SnapshotPartSize { get; init; } = SnapshotCheckpoint.AnnotationsPerPart;

    private readonly ShardedEmbedding? sharding =
        shardStore is not null && shardScheduler is not null ? new ShardedEmbedding(shardStore, shardScheduler) : null;

    public async Task<SweepOutcome> RunAsync(SweepRequest request, IProgress<SweepProgress>? progress, CancellationToken cancellationToken)
    {
        var projectName = request.Project.Name;
        var existing = await store.FindUnfinishedSweepAsync(projectName, cancellationToken);
        var sweep = existing ?? await store.CreateSweepAsync(projectName, request.Trigger, time.GetUtcNow(), cancellationToken);
        if (existing is not null)
        {
            Log.Resuming(logger, sweep.Id, projectName, sweep.Stage);
        }

        // The deadline pauses a run that a stalled platform or an endless stage would otherwise keep going, and with it
        // the project's only sweep slot in serve; the sweep resumes from its last completed stage on the next run.
        using var deadline = SweepDeadline(request.Project.SweepDeadline);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var run = new SweepRun(sweep, request, progress, linked.Token);
        await store.PutSweepPartAsync(sweep.Id, OwnerPart, run.Owner, cancellationToken);
        try
        {
            var report = await RunStagesAsync(run);
            if (report is null)
            {
                var waiting = $"embedding in {run.Shards!.Total} shards, {run.Shards.Remaining} not finished yet";
                Log.WaitingForShards(logger, sweep.Id, projectName, run.Shards.Total, run.Shards.Remaining);
                return new SweepOutcome(sweep.Id, SweepStatus.Running, null, waiting, existing is not null);
            }

            await EnsureOwnerAsync(run);
            if (sharding is not null)
            {
                await sharding.ReleaseAsync(sweep.Id, cancellationToken);
            }

            await store.FinishSweepAsync(sweep.Id, SweepStatus.Succeeded, time.GetUtcNow(), null, cancellationToken);
            Log.Finished(logger, sweep.Id, projectName, report.Findings.Count, report.Counts.MarkersWritten);
            return new SweepOutcome(sweep.Id, SweepStatus.Succeeded, report, null, existing is not null);
        }
        catch (SweepTakenOverException)
        {
            return TakenOver(run, existing is not null);
        }
        catch (PlatformUnavailableException exception)
        {
            if (!await OwnsAsync(run, CancellationToken.None))
            {
                return TakenOver(run, existing is not null);
            }

            Log.Paused(logger, sweep.Id, projectName, exception.Message);
            await store.FinishSweepAsync(sweep.Id, SweepStatus.Paused, time.GetUtcNow(), exception.Message, CancellationToken.None);
            return new SweepOutcome(sweep.Id, SweepStatus.Paused, null, exception.Message, existing is not null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (!await OwnsAsync(run, CancellationToken.None))
            {
                return TakenOver(run, existing is not null);
            }

            var reason = $"the sweep was still running after SweepDeadline ({request.Project.SweepDeadline}), so it paused; the next run resumes from its last completed stage";
            Log.Paused(logger, sweep.Id, projectName, reason);
            await store.FinishSweepAsync(sweep.Id, SweepStatus.Paused, time.GetUtcNow(), reason, CancellationToken.None);
            return new SweepOutcome(sweep.Id, SweepStatus.Paused, null, reason, existing is not null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (!await OwnsAsync(run, CancellationToken.None))
            {
                return TakenOver(run, existing is not null);
            }

            Log.Failed(logger, exception, sweep.Id, projectName);
            var reason = $"{exception.GetType().Name}: {exception.Message}";
            await store.FinishSweepAsync(sweep.Id, SweepStatus.Failed, time.GetUtcNow(), reason, CancellationToken.None);
            if (sharding is not null)
            {
                await sharding.ReleaseAsync(sweep.Id, CancellationToken.None);
            }

            return new SweepOutcome(sweep.Id, SweepStatus.Failed, null, reason, existing is not null);
        }
    }

    /// <summary>The name of the part that holds the owner token of the run that last claimed the sweep.</summary>
    internal const string OwnerPart = "owner";

    /// <summary>Whether this run still owns its sweep: no later run (on another worker) has claimed it since.</summary>
    private async Task<bool> OwnsAsync(SweepRun run, CancellationToken cancellationToken)
    {
        var owner = await store.GetSweepPartAsync(run.Sweep.Id, OwnerPart, cancellationToken);
        return owner is not null && owner.AsSpan().SequenceEqual(run.Owner);
    }

    /// <exception cref="SweepTakenOverException">Another run has claimed the sweep since this one did.</exception>
    private async Task EnsureOwnerAsync(SweepRun run)
    {
        if (!await OwnsAsync(run, CancellationToken.None))
        {
            throw new SweepTakenOverException();
        }
    }

    /// <summary>This run lost its sweep to another: it ends without a report and without touching the sweep's status,
    /// which is now the other run's to set.</summary>
    private SweepOutcome TakenOver(SweepRun run, bool resumed)
    {
        Log.TakenOver(logger, run.Sweep.Id, run.Request.Project.Name);
        const string reason = "another worker took this sweep over (for example after this one missed its cluster check-in), so this run stopped without writing; that worker finishes it";
        return new SweepOutcome(run.Sweep.Id, SweepStatus.Running, null, reason, resumed);
    }

    /// <summary>A source cancelled at the deadline, on the injected clock; none beyond what a timer can hold (about 49 days).</summary>
    private CancellationTokenSource SweepDeadline(TimeSpan after) =>
        after > TimeSpan.Zero && after < TimeSpan.FromDays(49) ? new CancellationTokenSource(after, time) : new CancellationTokenSource();

    /// <returns>Null while the sweep waits for its embedding shards.</returns>
    private async Task<SweepReport?> RunStagesAsync(SweepRun run)
    {
        var snapshot = await SnapshotStageAsync(run);
        if (sharding is not null && run.Sweep.Stage < SweepStage.Embeddings)
        {
            await EnsureOwnerAsync(run);
            run.Shards = await sharding.AdvanceAsync(run.Sweep, run.Request, snapshot, run.CancellationToken);
            if (run.Shards is { Remaining: > 0 })
            {
                return null;
            }
        }

        EmbeddingSet? embeddings = null;
        var embeddingSummary = await StageAsync(run, SweepStage.Embeddings, async staged =>
        {
            embeddings = await EmbedAsync(staged, snapshot);
            metrics.PatchesEmbedded.Add(embeddings.Embedded);
            var byShards = run.Shards?.Embedded ?? 0;
            return new EmbeddingSummary(embeddings.ModelFingerprint, embeddings.EmbedderDescription, embeddings.Dimension,
                embeddings.AnnotationKeys.Count, embeddings.Embedded + byShards, Math.Max(0, embeddings.CacheHits - byShards), embeddings.Problems);
        });
        var analysis = await StageAsync(run, SweepStage.Analysis, async staged =>
        {
            embeddings ??= await EmbedAsync(staged, snapshot);
            // An admin's overrides apply from the next sweep on; the configuration stays the default.
            var overrides = await store.GetThresholdOverridesAsync(run.Request.Project.Name, staged.CancellationToken);
            var thresholds = ThresholdNames.Apply(run.Request.Project.Thresholds, overrides);
            var fingerprint = AnalysisFingerprint.Of(snapshot, embeddings, thresholds, analyzer.Version);
            var (previous, previousSweep) = await PreviousAnalysisAsync(staged);
            var previousFingerprint = previous?.Provenance?.Fingerprint;
            IReadOnlyList<string> overrideNotes = [.. ThresholdSettings.Notes(run.Request.Project.Thresholds, overrides)];
            if (previous?.Provenance is { } provenance && previousFingerprint == fingerprint)
            {
                // Nothing the analysis reads has changed, and it is a pure seeded function of what it reads: the previous
                // sweep's analysis is this sweep's. Findings still go through this sweep's dismissals, cap and write-back.
                var origin = provenance.ComputedBySweep ?? previousSweep;
                Log.AnalysisReused(logger, run.Sweep.Id, run.Request.Project.Name, origin);
                var own = previous.Notes.Take(provenance.AnalyzerNotes).ToList();
                var reused = string.Create(CultureInfo.InvariantCulture,
                    $"analysis reused from sweep {origin}: nothing changed (same embedder, embeddings, annotations, thresholds and analysis code), so the kNN graph, scores and plot were not recomputed.");
                return previous with
                {
                    Notes = [.. own, reused, .. overrideNotes],
                    Provenance = new AnalysisProvenance(fingerprint, own.Count, origin),
                };
            }

            // The analysis is the vectors' last reader: handed over from a fresh frame, with this run's reference dropped,
            // they can be collected as soon as the analyzer is done with them (1 GB at a million 256-d rows).
            await Task.Yield();
            var analysis = AnalyzeLast(snapshot, ref embeddings, thresholds, staged.CancellationToken);
            var notes = new List<string>(analysis.Notes);
            if (previousFingerprint is not null && fingerprint.ChangedSince(previousFingerprint) is { Count: > 0 } changed)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"analysis recomputed in full: {string.Join(", ", changed)} changed since sweep {previousSweep}. Even a few changed labels re-score every annotation, because the classifier's out-of-fold probabilities, the per-class thresholds and the confident-joint budget depend on every row."));
            }

            return analysis with { Notes = [.. notes, .. overrideNotes], Provenance = new AnalysisProvenance(fingerprint, analysis.Notes.Count) };
        });
        // The vectors (1M × 256 floats is 1 GB) are not needed after the analysis: not referenced through the stages after it.
        embeddings = null;
        var selected = await StageAsync(run, SweepStage.Findings, staged => SelectFindingsAsync(staged, snapshot, analysis));
        var writeBack = await StageAsync(run, SweepStage.WriteBack, staged => WriteBackAsync(staged, snapshot, selected));
        var report = await StageAsync(run, SweepStage.Report, async staged =>
        {
            var earlier = await QualityTrends.ReadAsync(store, run.Request.Project.Name, SweepReportBuilder.TrendSweeps - 1,
                (sweep, cancellationToken) => QualityTrends.ReadTableAsync(store, sweep, cancellationToken), staged.CancellationToken);
            return SweepReportBuilder.Build(run, snapshot, embeddingSummary, analysis, selected, writeBack, earlier, time.GetUtcNow());
        });
        if (report.Quality is { } table)
        {
            // After the report checkpoint (a resumed sweep writes it again): until it is there, a trend reads the table from
            // the report itself.
            await QualityTrends.KeepTableAsync(store, run.Sweep.Id, table, run.CancellationToken);
            metrics.RecordQuality(run.Request.Project.Name, table);
        }

        return report;
    }

    /// <summary>The stages whose checkpoints are large at scale, written in parts (<see cref="PartedCheckpoint"/>); the
    /// others are a few kilobytes.</summary>
    private static readonly HashSet<SweepStage> PartedStages = [SweepStage.Analysis, SweepStage.Report];

    /// <summary>Bytes per part of the analysis and report checkpoints; smaller in tests, so a small sweep spans several.</summary>
    internal int CheckpointPartBytes { get; init; } = PartedCheckpoint.BytesPerPart;

    /// <remarks>The stage's work is given the run with the stage's token: cancelled with the run's, or when
    /// <see cref="OwnerWatch"/> finds the sweep taken over.</remarks>
    private async Task<T> StageAsync<T>(SweepRun run, SweepStage stage, Func<SweepRun, Task<T>> execute)
        where T : class
    {
        run.CancellationToken.ThrowIfCancellationRequested();
        if (run.Sweep.Stage >= stage && await PartedCheckpoint.ReadAsync<T>(store, run.Sweep.Id, stage, run.CancellationToken) is { } saved)
        {
            run.Timings.Add(new StageTiming(stage.ToString(), 0, Resumed: true));
            return saved;
        }

        await EnsureOwnerAsync(run);
        run.Progress?.Report(new SweepProgress(stage, 0, 0, $"{stage}..."));
        var started = time.GetTimestamp();
        var result = await WatchedAsync(run, execute);
        await EnsureOwnerAsync(run);
        if (PartedStages.Contains(stage))
        {
            await PartedCheckpoint.WriteAsync(store, run.Sweep.Id, stage, result, run.CancellationToken, CheckpointPartBytes);
        }
        else
        {
            await store.CompleteStageAsync(run.Sweep.Id, stage, SweepCheckpoints.Serialize(result), run.CancellationToken);
        }

        Completed(run, stage, time.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    /// <summary>Runs a stage's work with the stage's token: cancelled with the run's, or when <see cref="OwnerWatch"/> finds
    /// the sweep taken over, which ends the run as taken over. Every request the stage sends that changes the platform reads
    /// the owner first (<see cref="PlatformWriteFence"/>), so a run that lost the sweep sends no further marker.</summary>
    private async Task<T> WatchedAsync<T>(SweepRun run, Func<SweepRun, Task<T>> execute)
    {
        await using var watch = new OwnerWatch(
            token => OwnsAsync(run, token), OwnerCheckInterval, time,
            exception => Log.OwnerCheckFailed(logger, run.Sweep.Id, run.Request.Project.Name, exception.Message), run.CancellationToken);
        using var fence = PlatformWriteFence.Enter(watch.CheckNowAsync);
        try
        {
            return await execute(run with { CancellationToken = watch.Token });
        }
        catch (OperationCanceledException) when (watch.Lost && !run.CancellationToken.IsCancellationRequested)
        {
            throw new SweepTakenOverException();
        }
    }

    /// <summary>The snapshot stage: its checkpoint is written and read in parts (<see cref="SnapshotCheckpoint"/>). A
    /// checkpoint that cannot be read (a part missing or unparsable, a header format this version does not know) is
    /// taken again from the platform, and the stages after it are computed again from that snapshot.</summary>
    private async Task<ProjectSnapshot> SnapshotStageAsync(SweepRun run)
    {
        run.CancellationToken.ThrowIfCancellationRequested();
        if (run.Sweep.Stage >= SweepStage.Snapshot)
        {
            var checkpoint = await store.GetCheckpointAsync(run.Sweep.Id, SweepStage.Snapshot, run.CancellationToken);
            var read = checkpoint is null
                ? new SnapshotReading(null, string.Create(CultureInfo.InvariantCulture, $"Sweep {run.Sweep.Id}'s snapshot checkpoint is missing."))
                : await SnapshotCheckpoint.TryReadAsync(store, run.Sweep.Id, checkpoint, null, run.CancellationToken);
            if (read.Snapshot is { } saved)
            {
                run.Timings.Add(new StageTiming(nameof(SweepStage.Snapshot), 0, Resumed: true));
                return saved;
            }

            // The later stages' checkpoints were computed from the snapshot that is lost, and the project may have changed
            // on the platform since: none of them is resumed.
            Log.SnapshotTakenAgain(logger, run.Sweep.Id, run.Request.Project.Name, read.Reason!);
            run.Sweep = run.Sweep with { Stage = SweepStage.Created };
        }

        run.Progress?.Report(new SweepProgress(SweepStage.Snapshot, 0, 0, $"{SweepStage.Snapshot}..."));
        var started = time.GetTimestamp();
        // Under the owner watch too: reading a large project takes minutes, and a run that lost the sweep stops reading.
        var snapshot = await WatchedAsync(run, staged => run.Request.Connector.ReadProjectAsync(run.Request.Project.RemoteProjectId, staged.CancellationToken));
        await EnsureOwnerAsync(run);
        await SnapshotCheckpoint.WriteAsync(store, run.Sweep.Id, snapshot, SnapshotPartSize, run.CancellationToken);
        Completed(run, SweepStage.Snapshot, time.GetElapsedTime(started).TotalSeconds);
        return snapshot;
    }

    private void Completed(SweepRun run, SweepStage stage, double seconds)
    {
        run.Timings.Add(new StageTiming(stage.ToString(), seconds, Resumed: false));
        metrics.StageDuration.Record(seconds, new KeyValuePair<string, object?>("stage", stage.ToString()));
        Log.StageCompleted(logger, run.Sweep.Id, run.Request.Project.Name, stage, seconds);
    }

    private async Task<EmbeddingSet> EmbedAsync(SweepRun run, ProjectSnapshot snapshot)
    {
        var progress = run.Progress is null
            ? null
            : new Progress<EmbeddingProgress>(p => run.Progress.Report(new SweepProgress(SweepStage.Embeddings, p.Done, p.Total,
                $"{p.PatchesPerSecond:0} patches/s")));
        var started = time.GetTimestamp();
        var request = new EmbeddingRequest(run.Request.Project.Name, snapshot.Platform, snapshot.Items, snapshot.Annotations, run.Request.Connector);
        var embeddings = await embedder.EmbedAsync(request, progress, run.CancellationToken);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        if (embeddings.Embedded > 0 && seconds > 0)
        {
            metrics.PatchesPerSecond.Record(embeddings.Embedded / seconds);
        }

        return embeddings;
    }

    /// <summary>Analyses <paramref name="embeddings"/>, leaving the variable null: nothing of this run references the set while
    /// the analysis runs. Compiled optimised, so no local of this frame keeps it alive either.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProjectAnalysis AnalyzeLast(ProjectSnapshot snapshot, ref EmbeddingSet? embeddings, AnalysisThresholds thresholds, CancellationToken cancellationToken)
    {
        var set = embeddings ?? throw new InvalidOperationException("The embeddings were already analysed.");
        embeddings = null;
        return analyzer.Analyze(snapshot, set, thresholds, cancellationToken);
    }

    /// <summary>The analysis of the project's latest succeeded sweep, and that sweep's id; nulls when there is none.</summary>
    private async Task<(ProjectAnalysis? Analysis, long Sweep)> PreviousAnalysisAsync(SweepRun run)
    {
        var sweeps = await store.ListSweepsAsync(run.Request.Project.Name, 20, run.CancellationToken);
        var latest = sweeps.FirstOrDefault(s => s.Id != run.Sweep.Id && s.Status == SweepStatus.Succeeded);
        if (latest is null)
        {
            return (null, 0);
        }

        try
        {
            return await PartedCheckpoint.ReadAsync<ProjectAnalysis>(store, latest.Id, SweepStage.Analysis, run.CancellationToken) is { } analysis
                ? (analysis, latest.Id)
                : (null, 0);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
        {
            // A checkpoint this version cannot read is no reason to fail the sweep: it just cannot be reused.
            return (null, 0);
        }
    }

    private async Task<SelectedFindings> SelectFindingsAsync(SweepRun run, ProjectSnapshot snapshot, ProjectAnalysis analysis)
    {
        var project = run.Request.Project.Name;
        await ReadBackDecisionsAsync(run, snapshot);
        var decisions = await store.GetDecisionsAsync(project, run.CancellationToken);
        var options = run.Request.Project;
        var budget = options.MaxFindingsPerJob is null && options.MaxFindingsPerAnnotator is null
            ? null
            : new ReviewBudget(options.MaxFindingsPerJob, options.MaxFindingsPerAnnotator, WorkUnits.Of(snapshot.Items, snapshot.Annotations));
        var selected = FindingSelection.Select(analysis.Findings, snapshot.Annotations, decisions, options.MaxFindingsPerSweep, budget);

        var annotations = snapshot.Annotations.DistinctBy(a => a.Key).ToDictionary(a => a.Key, StringComparer.Ordinal);
        var stored = selected.Findings
            .Select(f => new StoredFinding(run.Sweep.Id, f, annotations[f.AnnotationKey].Version, annotations[f.AnnotationKey].ItemKey))
            .ToList();
        await store.SaveFindingsAsync(run.Sweep.Id, stored, run.CancellationToken);
        foreach (var group in selected.Findings.GroupBy(f => f.Kind))
        {
            metrics.Findings.Add(group.Count(), new KeyValuePair<string, object?>("kind", group.Key.ToString()));
        }

        return selected;
    }

    private async Task ReadBackDecisionsAsync(SweepRun run, ProjectSnapshot snapshot)
    {
        var project = run.Request.Project.Name;
        // Only markers on the server just read: the project's platform may have been pointed at another server (staging to
        // production) whose annotations carry the same keys, and there a marker of the first server is missing, which
        // would read as a dismissal of every finding it carried.
        var markers = (await store.GetMarkersAsync(project, run.CancellationToken)).Where(m => !m.Resolved && m.IsOn(snapshot.Server)).ToList();
        if (markers.Count == 0)
        {
            return;
        }

        var known = markers
            .Select(m => new MarkerLabelSnapshot(new MarkerReference(m.FindingKey, m.AnnotationKey, m.MarkerId, Created: false), m.LabelWhenMarked))
            .ToList();
        var decisions = await run.Request.Connector.ReadDecisionsAsync(snapshot, known, run.CancellationToken);
        var versions = snapshot.Annotations.DistinctBy(a => a.Key).ToDictionary(a => a.Key, a => a.Version, StringComparer.Ordinal);
        var resolved = new List<MarkerRecord>();
        foreach (var decision in decisions)
        {
            var version = versions.GetValueOrDefault(decision.AnnotationKey, "");
            await store.SaveDecisionAsync(
                new DecisionRecord(project, decision.FindingKey, decision.AnnotationKey, version, decision.Verdict, "platform", time.GetUtcNow()),
                run.CancellationToken);
            resolved.AddRange(markers.Where(m => m.FindingKey == decision.FindingKey));
        }

        await ledger.ResolveAsync(resolved, run.CancellationToken);
    }

    private async Task<WriteBackResult> WriteBackAsync(SweepRun run, ProjectSnapshot snapshot, SelectedFindings selected)
    {
        var mode = run.Request.EffectiveWriteBack;
        if (mode == WriteBackMode.DryRun)
        {
            return new WriteBackResult([], 0, []);
        }

        var project = run.Request.Project;
        var result = await run.Request.Connector.WriteBackAsync(
            new WriteBackRequest(snapshot, selected.Findings, mode, project.NeedsReviewTag, project.AllowCreateTagLabel, run.Request.TriageLink),
            run.CancellationToken);

        var labels = snapshot.Annotations.DistinctBy(a => a.Key).ToDictionary(a => a.Key, a => a.Label, StringComparer.Ordinal);
        await ledger.RecordAsync(project.Name, snapshot.Server, result.Markers, key => labels.GetValueOrDefault(key, ""), run.CancellationToken);
        metrics.WriteBackErrors.Add(result.Problems.Count);
        return result;
    }
}

/// <summary>The state of one sweep execution, passed between stages.</summary>
internal sealed record SweepRun(SweepRecord Sweep, SweepRequest Request, IProgress<SweepProgress>? Progress, CancellationToken CancellationToken)
{
    /// <summary>The sweep as this run found it; its stage is set back when the snapshot must be taken again.</summary>
    public SweepRecord Sweep { get; set; } = Sweep;

    /// <summary>The token this run claims the sweep with (<see cref="SweepRunner.OwnerPart"/>), fresh for every run.</summary>
    public byte[] Owner { get; } = Guid.NewGuid().ToByteArray();

    public List<StageTiming> Timings { get; } = [];

    /// <summary>Set when the embedding stage is sharded.</summary>
    public ShardState? Shards { get; set; }
}

/// <summary>Thrown at a stage boundary when another run has claimed the sweep since this one did.</summary>
internal sealed class SweepTakenOverException : Exception
{
    public SweepTakenOverException()
        : base("Another run has taken this sweep over.")
    {
    }
}
