using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
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

        var rows = parts.Select(p => new float[annotations.Count * p.Dimension]).ToArray();
        var hasRow = new bool[annotations.Count];
        var work = new List<PatchWork>(annotations.Count);
        for (var i = 0; i < annotations.Count; i++)
        {
            var annotation = annotations[i];
            if (!items.TryGetValue(annotation.ItemKey, out var item))
            {
                problems.Enqueue(new ReadProblem(annotation.Key, $"its item {annotation.ItemKey} is not in the snapshot"));
                continue;
            }

            work.Add(new PatchWork(i, annotation, CacheKeys.For(request.Platform, item, annotation, crop)));
        }

        var misses = await ReadCacheAsync(parts, work, rows, hasRow, cancellationToken);
        var hits = work.Count - misses.Count;
        Log.CacheChecked(logger, request.ProjectName, parts.Count, hits, misses.Count);
        var meter = new ProgressMeter(time, hits, annotations.Count, progress);
        meter.Report();
        if (misses.Count > 0)
        {
            await EmbedMissesAsync(parts, crop, request, items, misses, rows, hasRow, problems, meter, cancellationToken);
        }

        return new PatchRunResult(rows, hasRow, meter.Embedded, hits, [.. problems]);
    }

    private async Task<List<PatchWork>> ReadCacheAsync(
        IReadOnlyList<IPatchEmbedder> parts, List<PatchWork> work, float[][] rows, bool[] hasRow, CancellationToken cancellationToken)
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
                        vector.CopyTo(rows[p], chunk[j].Index * part.Dimension);
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
        CropSettings crop,
        EmbeddingRequest request,
        Dictionary<string, Item> items,
        List<PatchWork> misses,
        float[][] rows,
        bool[] hasRow,
        ConcurrentQueue<ReadProblem> problems,
        ProgressMeter meter,
        CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, options.BatchSize);
        var channel = Channel.CreateBounded<PatchJob>(new BoundedChannelOptions(batchSize * 2)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var byItem = misses.GroupBy(w => w.Annotation.ItemKey, StringComparer.Ordinal).ToList();
        var producer = Task.Run(() => ProduceAsync(parts, crop, request, items, byItem, channel.Writer, problems, stop.Token), stop.Token);
        try
        {
            var batch = new List<PatchJob>(batchSize);
            await foreach (var job in channel.Reader.ReadAllAsync(stop.Token))
            {
                batch.Add(job);
                if (batch.Count == batchSize)
                {
                    await InferAndStoreAsync(parts, request, batch, rows, hasRow, meter, stop.Token);
                }
            }

            await InferAndStoreAsync(parts, request, batch, rows, hasRow, meter, stop.Token);
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
        Dictionary<string, Item> items,
        List<IGrouping<string, PatchWork>> byItem,
        ChannelWriter<PatchJob> writer,
        ConcurrentQueue<ReadProblem> problems,
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
            await Parallel.ForEachAsync(byItem, parallel, async (group, ct) =>
            {
                var item = items[group.Key];
                var fetched = await request.Images.FetchImageAsync(item, ct);
                if (fetched.Bytes is null)
                {
                    problems.Enqueue(new ReadProblem(item.Key, fetched.Problem?.Reason ?? "the image could not be fetched"));
                    return;
                }

                var decoded = ImageDecoder.Decode(fetched.Bytes, limits);
                if (decoded.Image is null)
                {
                    Log.ImageRejected(logger, item.Key, decoded.Problem!);
                    problems.Enqueue(new ReadProblem(item.Key, decoded.Problem!));
                    return;
                }

                using var image = decoded.Image;
                foreach (var job in CropAll(parts, crop, request.SaveThumbnails, image, group, problems))
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
        EmbeddingRequest request,
        List<PatchJob> batch,
        float[][] rows,
        bool[] hasRow,
        ProgressMeter meter,
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
                    vector.CopyTo(rows[p], batch[j].Work.Index * part.Dimension);
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

        meter.Add(batch.Count);
        batch.Clear();
    }
}
