using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Embedders;
using LabelBridge.Embeddings.Images;
using LabelBridge.Embeddings.Patches;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>Fetch → decode → crop (bounded, concurrent per item) → bounded channel → batched inference → cache.</summary>
/// <remarks>Cached parts are never recomputed. Each finished batch is written to the cache before the next one runs,
/// so a cancelled run loses at most one batch and never leaves a partial vector.</remarks>
internal sealed class PatchRunner
{
    private const int CacheLookupChunk = 500;
    private const int ThumbnailQuality = 80;

    private readonly ILabelBridgeStore store;
    private readonly EmbeddingOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<PatchRunner> logger;

    public PatchRunner(ILabelBridgeStore store, IOptions<EmbeddingOptions> options, TimeProvider time, ILogger<PatchRunner> logger)
    {
        this.store = store;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    public async Task<PatchRunResult> RunAsync(
        IReadOnlyList<IPatchEmbedder> parts,
        CropSettings crop,
        EmbeddingRequest request,
        IReadOnlyList<Annotation> annotations,
        IProgress<EmbeddingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<ReadProblem>();
        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        foreach (var item in request.Items)
        {
            items.TryAdd(item.Key, item);
        }

        var layout = new RowLayout(parts);
        var rows = new float[annotations.Count * layout.Width];
        var hasRow = new bool[annotations.Count];
        var versioned = request.Images as IVersionedImageSource;
        var known = versioned is null
            ? new Dictionary<string, ImageVersion>(StringComparer.Ordinal)
            : await KnownVersionsAsync(request.Platform, annotations, items, cancellationToken);
        var work = new List<PatchWork>(annotations.Count);
        var unknown = new List<PatchWork>();
        for (var i = 0; i < annotations.Count; i++)
        {
            var annotation = annotations[i];
            if (!items.TryGetValue(annotation.ItemKey, out var item))
            {
                problems.Enqueue(new ReadProblem(annotation.Key, $"its item {annotation.ItemKey} is not in the snapshot"));
                continue;
            }

            // An image of a versioned source never fetched before has no version to look its vectors up by: a miss.
            var version = versioned is null ? null : known.GetValueOrDefault(item.Key)?.Tag;
            var patch = new PatchWork(i, annotation, CacheKeys.For(request.Platform, item, annotation, crop, version));
            (versioned is not null && version is null ? unknown : work).Add(patch);
        }

        var misses = await ReadCacheAsync(parts, layout, work, rows, hasRow, cancellationToken);
        var hits = work.Count - misses.Count;
        misses.AddRange(unknown);
        Log.CacheChecked(logger, request.ProjectName, parts.Count, hits, misses.Count);
        var meter = new ProgressMeter(time, hits, annotations.Count, progress);
        meter.Report();
        var plan = versioned is null
            ? [.. misses.GroupBy(w => w.Annotation.ItemKey, StringComparer.Ordinal).Select(g => new ItemWork(items[g.Key], [.. g], [], null))]
            : VersionedPlan(items, known, work, misses);
        var run = new RunState(versioned, meter);
        if (plan.Count > 0)
        {
            await EmbedMissesAsync(parts, layout, crop, request, plan, rows, hasRow, problems, run, cancellationToken);
            // What inference held for its batches is not needed until the next run: not resident through the analysis.
            // Only after a run that ended normally, so a failure in the release never hides the run's own exception.
            foreach (var part in parts.OfType<IReleasesWorkingMemory>())
            {
                part.ReleaseWorkingMemory();
            }
        }

        await FlushVersionsAsync(run, cancellationToken);
        foreach (var host in run.Unversioned.Keys.Order(StringComparer.Ordinal))
        {
            problems.Enqueue(new ReadProblem(host, $"images on {host} carry no ETag/Last-Modified: a file replaced under the same URL is not noticed"));
        }

        return new PatchRunResult(rows, layout.Width, hasRow, meter.Embedded, hits - run.Reembedded, [.. problems]);
    }

    private async Task<Dictionary<string, ImageVersion>> KnownVersionsAsync(
        PlatformKind platform, IReadOnlyList<Annotation> annotations, Dictionary<string, Item> items, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var annotation in annotations)
        {
            if (items.TryGetValue(annotation.ItemKey, out var item))
            {
                wanted.TryAdd(CacheKeys.ImageKey(platform, item), item.Key);
            }
        }

        var stored = await store.GetImageVersionsAsync(wanted.Keys, cancellationToken);
        return stored.ToDictionary(s => wanted[s.Key], s => s.Value, StringComparer.Ordinal);
    }

    /// <summary>Per item of a versioned source: items with misses are fetched (and their hits re-embedded if the image
    /// changed); items whose patches all hit are revalidated with one conditional request when their server sent
    /// validators, and left alone (and named) when it sent none.</summary>
    private static List<ItemWork> VersionedPlan(
        Dictionary<string, Item> items, Dictionary<string, ImageVersion> known, List<PatchWork> looked, List<PatchWork> misses)
    {
        var missed = misses.GroupBy(w => w.Annotation.ItemKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var missedIndexes = misses.Select(w => w.Index).ToHashSet();
        var hitsByItem = looked.Where(w => !missedIndexes.Contains(w.Index))
            .GroupBy(w => w.Annotation.ItemKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var plan = new List<ItemWork>();
        foreach (var itemKey in missed.Keys.Union(hitsByItem.Keys, StringComparer.Ordinal))
        {
            plan.Add(new ItemWork(
                items[itemKey],
                missed.GetValueOrDefault(itemKey) ?? [],
                hitsByItem.GetValueOrDefault(itemKey) ?? [],
                known.GetValueOrDefault(itemKey)));
        }

        return plan;
    }

    private async Task FlushVersionsAsync(RunState run, CancellationToken cancellationToken)
    {
        var fetched = run.TakeVersions();
        if (fetched.Count > 0)
        {
            await store.PutImageVersionsAsync(fetched, cancellationToken);
        }
    }

    private async Task<List<PatchWork>> ReadCacheAsync(
        IReadOnlyList<IPatchEmbedder> parts, RowLayout layout, List<PatchWork> work, float[] rows, bool[] hasRow, CancellationToken cancellationToken)
    {
        var found = new int[work.Count];
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            for (var start = 0; start < work.Count; start += CacheLookupChunk)
            {
                var chunk = work.GetRange(start, Math.Min(CacheLookupChunk, work.Count - start));
                var cached = await store.GetEmbeddingsAsync(part.Fingerprint, chunk.Select(w => w.CacheKey).Distinct().ToList(), cancellationToken);
                for (var j = 0; j < chunk.Count; j++)
                {
                    if (cached.TryGetValue(chunk[j].CacheKey, out var vector) && vector.Length == part.Dimension)
                    {
                        vector.CopyTo(rows, layout.Start(chunk[j].Index, p));
                        found[start + j]++;
                    }
                }
            }
        }

        var misses = new List<PatchWork>();
        for (var j = 0; j < work.Count; j++)
        {
            if (found[j] == parts.Count)
            {
                hasRow[work[j].Index] = true;
            }
            else
            {
                misses.Add(work[j]);
            }
        }

        return misses;
    }

    private async Task EmbedMissesAsync(
        IReadOnlyList<IPatchEmbedder> parts,
        RowLayout layout,
        CropSettings crop,
        EmbeddingRequest request,
        List<ItemWork> plan,
        float[] rows,
        bool[] hasRow,
        ConcurrentQueue<ReadProblem> problems,
        RunState run,
        CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, options.BatchSize);
        var channel = Channel.CreateBounded<PatchJob>(new BoundedChannelOptions(batchSize * 2)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(parts, crop, request, plan, channel.Writer, hasRow, problems, run, stop.Token), stop.Token);
        try
        {
            var batch = new List<PatchJob>(batchSize);
            await foreach (var job in channel.Reader.ReadAllAsync(stop.Token))
            {
                batch.Add(job);
                if (batch.Count == batchSize)
                {
                    await InferAndStoreAsync(parts, layout, request, batch, rows, hasRow, run, stop.Token);
                }
            }

            await InferAndStoreAsync(parts, layout, request, batch, rows, hasRow, run, stop.Token);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            // The producer's own failure has already reached the reader through the channel; here it only has to stop.
            await producer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ProduceAsync(
        IReadOnlyList<IPatchEmbedder> parts,
        CropSettings crop,
        EmbeddingRequest request,
        List<ItemWork> plan,
        ChannelWriter<PatchJob> writer,
        bool[] hasRow,
        ConcurrentQueue<ReadProblem> problems,
        RunState run,
        CancellationToken cancellationToken)
    {
        var limits = new ImageLimits(options.MaxImagePixels);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentImages),
            CancellationToken = cancellationToken,
        };
        try
        {
            await Parallel.ForEachAsync(plan, parallel, async (itemWork, ct) =>
            {
                var item = itemWork.Item;
                var fetched = await FetchAsync(request, itemWork, run, ct);
                if (fetched is null)
                {
                    return;
                }

                if (fetched.Bytes is null)
                {
                    var reason = fetched.Problem?.Reason ?? "the image could not be fetched";
                    problems.Enqueue(new ReadProblem(item.Key, itemWork.Misses.Count == 0 ? $"{reason}; its cached embeddings were used" : reason));
                    return;
                }

                var embed = Rekeyed(request, crop, itemWork, fetched.Version ?? ImageVersion.None, hasRow, run);
                var decoded = ImageDecoder.Decode(fetched.Bytes, limits);
                if (decoded.Image is null)
                {
                    Log.ImageRejected(logger, item.Key, decoded.Problem!);
                    problems.Enqueue(new ReadProblem(item.Key, decoded.Problem!));
                    return;
                }

                using var image = decoded.Image;
                foreach (var job in CropAll(parts, crop, request.SaveThumbnails, image, embed, problems))
                {
                    await writer.WriteAsync(job, ct);
                }
            });
            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
        }
    }

    /// <summary>The item's image, or null when nothing is to be embedded: all its patches hit and the server confirmed
    /// the version (304) or sends no validators to ask with.</summary>
    private static async Task<ImageFetchResult?> FetchAsync(EmbeddingRequest request, ItemWork itemWork, RunState run, CancellationToken cancellationToken)
    {
        var item = itemWork.Item;
        if (run.Versioned is not { } versioned)
        {
            return await request.Images.FetchImageAsync(item, cancellationToken);
        }

        if (itemWork.Misses.Count > 0)
        {
            var fresh = await versioned.FetchImageAsync(item, cancellationToken);
            run.Remember(request.Platform, item, fresh, versioned);
            return fresh;
        }

        if (itemWork.Known is not { IsEmpty: false } known)
        {
            run.NameUnversioned(versioned.ImageHostOf(item));
            return null;
        }

        ImageFetchResult revalidated;
        try
        {
            revalidated = await versioned.FetchImageIfChangedAsync(item, known, cancellationToken);
        }
        catch (PlatformUnavailableException ex)
        {
            // A sweep whose vectors are all cached read no image before revalidation existed; an image outage keeps it so.
            return ImageFetchResult.Failure(item.Key, $"its image could not be revalidated: {ex.Message}");
        }

        if (revalidated.NotModified)
        {
            return null;
        }

        run.Remember(request.Platform, item, revalidated, versioned);
        return revalidated;
    }

    /// <summary>What to embed from the bytes just fetched: the misses when the image is the version the hits were made
    /// from; otherwise every patch of the item, keyed by the new version (the hits' cached vectors are of other bytes).</summary>
    private static List<PatchWork> Rekeyed(EmbeddingRequest request, CropSettings crop, ItemWork itemWork, ImageVersion fetched, bool[] hasRow, RunState run)
    {
        if (run.Versioned is null || (itemWork.Known is { } known && known.Tag == fetched.Tag))
        {
            return [.. itemWork.Misses];
        }

        foreach (var hit in itemWork.Hits)
        {
            hasRow[hit.Index] = false;
        }

        run.Reclaim(itemWork.Hits.Count);
        return [.. itemWork.Misses.Concat(itemWork.Hits).Select(w => w with { CacheKey = CacheKeys.For(request.Platform, itemWork.Item, w.Annotation, crop, fetched.Tag) })];
    }

    private List<PatchJob> CropAll(
        IReadOnlyList<IPatchEmbedder> parts,
        CropSettings crop,
        bool saveThumbnails,
        SKBitmap image,
        IEnumerable<PatchWork> work,
        ConcurrentQueue<ReadProblem> problems)
    {
        var renderers = parts.Select(p => new PatchRenderer(p.InputWidth, p.InputHeight)).ToArray();
        using var thumbnail = saveThumbnails ? new PatchRenderer(options.ThumbnailSize, options.ThumbnailSize) : null;
        try
        {
            var jobs = new List<PatchJob>();
            foreach (var w in work)
            {
                var box = w.Annotation.IsImageLevel ? new PixelBox(0, 0, image.Width, image.Height) : w.Annotation.Box;
                var (region, problem) = CropRegion.Find(box, w.Annotation.IsImageLevel ? 0 : crop.Margin, image.Width, image.Height);
                if (problem is not null)
                {
                    problems.Enqueue(new ReadProblem(w.Annotation.Key, problem));
                    continue;
                }

                var pixels = new byte[parts.Count][];
                for (var p = 0; p < parts.Count; p++)
                {
                    pixels[p] = ArrayPool<byte>.Shared.Rent(renderers[p].ByteCount);
                    renderers[p].Render(image, region, crop.Resize).CopyTo(pixels[p]);
                }

                byte[]? jpeg = null;
                if (thumbnail is not null)
                {
                    thumbnail.Render(image, region, PatchResizeMode.Letterbox);
                    jpeg = thumbnail.EncodeJpeg(ThumbnailQuality);
                }

                jobs.Add(new PatchJob(w, pixels, jpeg));
            }

            return jobs;
        }
        finally
        {
            foreach (var renderer in renderers)
            {
                renderer.Dispose();
            }
        }
    }

    private async Task InferAndStoreAsync(
        IReadOnlyList<IPatchEmbedder> parts,
        RowLayout layout,
        EmbeddingRequest request,
        List<PatchJob> batch,
        float[] rows,
        bool[] hasRow,
        RunState run,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            var patchBytes = part.InputWidth * part.InputHeight * 4;
            var input = ArrayPool<byte>.Shared.Rent(batch.Count * patchBytes);
            var output = ArrayPool<float>.Shared.Rent(batch.Count * part.Dimension);
            try
            {
                for (var j = 0; j < batch.Count; j++)
                {
                    batch[j].PartPixels[p].AsSpan(0, patchBytes).CopyTo(input.AsSpan(j * patchBytes));
                }

                part.Embed(input.AsSpan(0, batch.Count * patchBytes), batch.Count, output.AsSpan(0, batch.Count * part.Dimension));
                var stored = new Dictionary<string, StoredEmbedding>(StringComparer.Ordinal);
                for (var j = 0; j < batch.Count; j++)
                {
                    var vector = output.AsSpan(j * part.Dimension, part.Dimension).ToArray();
                    vector.CopyTo(rows, layout.Start(batch[j].Work.Index, p));
                    var key = batch[j].Work.CacheKey;
                    stored[key] = new StoredEmbedding(key, vector);
                }

                await store.PutEmbeddingsAsync(part.Fingerprint, [.. stored.Values], cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(input);
                ArrayPool<float>.Shared.Return(output);
            }
        }

        foreach (var job in batch)
        {
            hasRow[job.Work.Index] = true;
            if (job.Thumbnail is not null)
            {
                await store.PutThumbnailAsync(request.ProjectName, job.Work.Annotation.Key, job.Thumbnail, cancellationToken);
            }

            foreach (var pixels in job.PartPixels)
            {
                ArrayPool<byte>.Shared.Return(pixels);
            }
        }

        run.Meter.Add(batch.Count);
        batch.Clear();
        await FlushVersionsAsync(run, cancellationToken);
    }

    /// <summary>One item's share of the run: the patches to embed, those the cache had, and the image version they were
    /// made from (versioned sources only).</summary>
    private sealed record ItemWork(Item Item, IReadOnlyList<PatchWork> Misses, IReadOnlyList<PatchWork> Hits, ImageVersion? Known);

    /// <summary>What a run learns while it goes: image versions to remember, hosts that send no validators, cache hits
    /// that had to be embedded again.</summary>
    private sealed class RunState(IVersionedImageSource? versioned, ProgressMeter meter)
    {
        private readonly ConcurrentDictionary<string, ImageVersion> versions = new(StringComparer.Ordinal);
        private int reembedded;

        public IVersionedImageSource? Versioned => versioned;

        public ProgressMeter Meter => meter;

        public ConcurrentDictionary<string, bool> Unversioned { get; } = new(StringComparer.Ordinal);

        public int Reembedded => Volatile.Read(ref reembedded);

        public void Remember(PlatformKind platform, Item item, ImageFetchResult fetched, IVersionedImageSource source)
        {
            if (fetched.Bytes is null)
            {
                return;
            }

            var version = fetched.Version ?? ImageVersion.None;
            versions[CacheKeys.ImageKey(platform, item)] = version;
            if (version.IsEmpty)
            {
                NameUnversioned(source.ImageHostOf(item));
            }
        }

        public void NameUnversioned(string host) => Unversioned.TryAdd(host, true);

        public void Reclaim(int hits)
        {
            Interlocked.Add(ref reembedded, hits);
            meter.Reclaim(hits);
        }

        public Dictionary<string, ImageVersion> TakeVersions()
        {
            var taken = new Dictionary<string, ImageVersion>(StringComparer.Ordinal);
            foreach (var key in versions.Keys)
            {
                if (versions.TryRemove(key, out var version))
                {
                    taken[key] = version;
                }
            }

            return taken;
        }
    }
}
