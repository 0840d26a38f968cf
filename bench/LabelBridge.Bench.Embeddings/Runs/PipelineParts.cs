using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Images;
using LabelBridge.Embeddings.Models;
using LabelBridge.Embeddings.Patches;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>Where the pipeline's CPU goes beyond inference, one stage at a time on one thread: decode, crop + resize,
/// tensor fill, and inference on the real patches against inference on random input.</summary>
internal static class PipelineParts
{
    public static async Task<string> RunAsync(BenchDomain photos, string modelDirectory, string model, int batch, CancellationToken cancellationToken)
    {
        var manifest = ModelManifest.Parse(await File.ReadAllBytesAsync(ModelContract.ManifestPath(modelDirectory, model), cancellationToken))!;
        var input = manifest.Input;
        var encoded = new List<byte[]>();
        foreach (var item in photos.Items)
        {
            encoded.Add((await photos.Images.FetchImageAsync(item, cancellationToken)).Bytes!);
        }

        var patches = photos.Annotations.Count;
        var text = new StringBuilder();
        text.AppendLine("| stage (one thread) | CPU ms/patch |");
        text.AppendLine("|---|---:|");
        var limits = new ImageLimits(100_000_000);
        var decodeMs = Cpu(() =>
        {
            foreach (var bytes in encoded)
            {
                ImageDecoder.Decode(bytes, limits).Image!.Dispose();
            }
        }) / patches;
        text.AppendLine(Invariant($"| decode (JPEG 640×480, {photos.Annotations.Count / photos.Items.Count} boxes per image) | {decodeMs:0.000} |"));

        var rgba = new byte[patches * input.Width * input.Height * 4];
        using (var renderer = new PatchRenderer(input.Width, input.Height))
        {
            var images = encoded.Select(bytes => ImageDecoder.Decode(bytes, limits).Image!).ToList();
            var byItem = photos.Items.Select((item, i) => (item.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
            var renderMs = Cpu(() =>
            {
                for (var a = 0; a < patches; a++)
                {
                    var annotation = photos.Annotations[a];
                    var image = images[byItem[annotation.ItemKey]];
                    var (region, _) = CropRegion.Find(annotation.Box, 0.1, image.Width, image.Height);
                    renderer.Render(image, region, PatchResizeMode.Letterbox).CopyTo(rgba.AsSpan(a * renderer.ByteCount));
                }
            }) / patches;
            text.AppendLine(Invariant($"| crop + letterbox resize to {input.Width} px | {renderMs:0.000} |"));
            foreach (var (label, mode, whole) in new[] { ("subset bitmap, no mipmaps", 0, false), ("subset bitmap, nearest mipmap level", 2, false), ("subset bitmap, mipmaps only when shrinking", 3, false), ("whole-image SKImage, no mipmaps", 0, true) })
            {
                var other = new byte[rgba.Length];
                var sampling = new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, mode switch { 2 => SkiaSharp.SKMipmapMode.Nearest, 1 => SkiaSharp.SKMipmapMode.Linear, _ => SkiaSharp.SKMipmapMode.None });
                var trilinear = new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, SkiaSharp.SKMipmapMode.Linear);
                using var target = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(input.Width, input.Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Premul));
                using var canvas = new SkiaSharp.SKCanvas(target);
                var skImages = whole ? images.Select(i => { i.SetImmutable(); return SkiaSharp.SKImage.FromBitmap(i); }).ToList() : [];
                var ms = Cpu(() =>
                {
                    for (var a = 0; a < patches; a++)
                    {
                        var annotation = photos.Annotations[a];
                        var image = images[byItem[annotation.ItemKey]];
                        var (region, _) = CropRegion.Find(annotation.Box, 0.1, image.Width, image.Height);
                        canvas.Clear(PatchRenderer.Background);
                        var scale = Math.Min((float)input.Width / region.Width, (float)input.Height / region.Height);
                        var w = region.Width * scale;
                        var h = region.Height * scale;
                        var destination = new SkiaSharp.SKRect((input.Width - w) / 2, (input.Height - h) / 2, ((input.Width - w) / 2) + w, ((input.Height - h) / 2) + h);
                        if (whole)
                        {
                            canvas.DrawImage(skImages[byItem[annotation.ItemKey]], region, destination, sampling);
                        }
                        else
                        {
                            using var subset = new SkiaSharp.SKBitmap();
                            image.ExtractSubset(subset, region);
                            canvas.DrawBitmap(subset, destination, mode == 3 && scale < 1 ? trilinear : sampling);
                        }

                        canvas.Flush();
                        target.GetPixelSpan().CopyTo(other.AsSpan(a * input.Width * input.Height * 4));
                    }
                }) / patches;
                double sum = 0;
                var max = 0;
                for (var i = 0; i < rgba.Length; i++)
                {
                    var d = Math.Abs(rgba[i] - other[i]);
                    sum += d;
                    max = Math.Max(max, d);
                }

                text.AppendLine(Invariant($"| crop + resize: {label} (mean |Δ| {sum / rgba.Length:0.000}, max {max} of 255 against the pipeline's) | {ms:0.000} |"));
                foreach (var skImage in skImages)
                {
                    skImage.Dispose();
                }
            }

            foreach (var image in images)
            {
                image.Dispose();
            }
        }

        var plane = input.Width * input.Height * 3;
        var tensor = new float[patches * plane];
        var fillMs = Cpu(() => TensorFill.Fill(rgba, patches, input, tensor)) / patches;
        text.AppendLine(Invariant($"| tensor fill (scale, normalise, layout) | {fillMs:0.000} |"));

        var random = new float[batch * plane];
        var generator = new Random(1);
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = generator.NextSingle();
        }

        using var options = ModelLoader.CreateSessionOptions(0);
        using var session = new InferenceSession(ModelContract.OnnxPath(modelDirectory, model), options);
        for (var round = 0; round < 2; round++)
        {
            var onRandom = Infer(session, random, batch, 1024 / batch, fixedInput: true);
            var onPatches = Infer(session, tensor, batch, Math.Min(1024, patches) / batch, fixedInput: false);
            text.AppendLine(Invariant($"| inference, {input.Name} of random values (batch {batch}, round {round + 1}) | {onRandom:0.000} |"));
            text.AppendLine(Invariant($"| inference, the real patches (batch {batch}, round {round + 1}) | {onPatches:0.000} |"));
        }

        return text.ToString();
    }

    private static double Infer(InferenceSession session, float[] values, int batch, int runs, bool fixedInput)
    {
        using var runOptions = new RunOptions();
        string[] inputNames = ["input"];
        string[] outputNames = ["embedding"];
        return Cpu(() =>
        {
            for (var r = 0; r < runs; r++)
            {
                var offset = fixedInput ? 0 : r * batch * (128 * 128 * 3);
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values.AsMemory(offset, batch * 128 * 128 * 3), [batch, 128, 128, 3]);
                using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
            }
        }) / (runs * batch);
    }

    private static double Cpu(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
