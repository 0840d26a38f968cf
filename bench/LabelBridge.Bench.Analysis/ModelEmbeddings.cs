using System.Diagnostics;
using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings;
using LabelBridge.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace LabelBridge.Bench.Analysis;

/// <summary>Fashion-MNIST images through the embedder exactly as a sweep runs it (PNG → decode → crop → model), each
/// image one image-level annotation, so the quality table's model row is what a user of the default model gets.</summary>
internal static class ModelEmbeddings
{
    /// <summary>Embeds the given rows with <paramref name="embedder"/> and writes them as N×D float32, in row order.</summary>
    public static async Task WriteAsync(float[] pixels, int[] rows, string modelDirectory, string embedder, string outPath, CancellationToken cancellationToken)
    {
        var images = new PngSource(pixels);
        var items = new Item[rows.Length];
        var annotations = new Annotation[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var key = rows[r].ToString(CultureInfo.InvariantCulture);
            items[r] = new Item(key, key, FashionMnist.Side, FashionMnist.Side, new ItemLocation(rows[r]), key, key);
            annotations[r] = new Annotation(key, key, "garment", ShapeKind.ImageLabel,
                new PixelBox(0, 0, FashionMnist.Side, FashionMnist.Side), "1", new AnnotationOrigin(key, "tag"));
        }

        var options = new LabelBridgeOptions();
        options.Embedding.ModelDirectory = modelDirectory;
        options.Embedding.Embedder = embedder;
        options.Store.SqlitePath = outPath + ".store.db";
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(Options.Create(options));
        // The embedders read their own section; a closed registration wins over the options factory, which without a
        // configuration gives the defaults (auto over the default model directory: pixels only, silently).
        collection.AddSingleton<IOptions<EmbeddingOptions>>(Options.Create(options.Embedding));
        collection.AddLabelBridgeStore(options.Store);
        collection.AddLabelBridgeEmbeddings();
        await using var services = collection.BuildServiceProvider();
        await services.GetRequiredService<ILabelBridgeStore>().InitializeAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var progress = new Progress<EmbeddingProgress>(p =>
        {
            if (p.Done % 2000 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedded {p.Done}/{p.Total} ({p.PatchesPerSecond:0} patches/s)"));
            }
        });
        var set = await services.GetRequiredService<IAnnotationEmbedder>().EmbedAsync(
            new EmbeddingRequest("fashion-mnist", PlatformKind.Cvat, items, annotations, images, SaveThumbnails: false), progress, cancellationToken);
        if (set.AnnotationKeys.Count != rows.Length)
        {
            throw new InvalidOperationException($"{rows.Length - set.AnnotationKeys.Count} images were not embedded: {string.Join("; ", set.Problems.Take(3))}");
        }

        Representations.WriteFloats(outPath, set.Vectors);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set.EmbedderDescription}: {rows.Length} images × {set.Dimension} dims in {clock.Elapsed.TotalSeconds:0} s ({set.Embedded} computed, {set.CacheHits} from the cache)"));
    }

    private sealed class PngSource(float[] pixels) : IImageSource
    {
        public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken)
        {
            var row = (int)item.Location.TaskId;
            using var bitmap = new SKBitmap(new SKImageInfo(FashionMnist.Side, FashionMnist.Side, SKColorType.Gray8, SKAlphaType.Opaque));
            var target = bitmap.GetPixelSpan();
            for (var i = 0; i < FashionMnist.Pixels; i++)
            {
                target[i] = (byte)MathF.Round(pixels[(row * FashionMnist.Pixels) + i] * 255f);
            }

            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            return Task.FromResult(ImageFetchResult.Success(data.ToArray()));
        }
    }
}
