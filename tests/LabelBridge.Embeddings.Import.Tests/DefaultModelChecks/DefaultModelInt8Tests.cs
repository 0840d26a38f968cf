using System.Numerics.Tensors;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Embeddings.Import.Quantization;
using LabelBridge.Embeddings.Import.Translation;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Import.Tests.DefaultModelChecks;

/// <summary>The real default model quantized to int8: reproducible, and its embeddings of photos it was not calibrated on
/// point where the float model's do.</summary>
public sealed class DefaultModelInt8Tests(DefaultModelFixture fixture) : IClassFixture<DefaultModelFixture>
{
    private const int Size = 128;
    private static readonly string[] CalibrationPhotos = ["astronaut.png", "chelsea.png", "coffee.png", "brick.png", "grass.png", "color.png", "camera.png", "coins.png"];
    private static readonly string[] UnseenPhotos = ["rocket.jpg", "motorcycle_left.png", "hubble_deep_field.jpg", "horse.png"];

    [Fact]
    public async Task Quantizing_the_default_model_twice_writes_the_same_model()
    {
        var install = fixture.RequireInstall();
        var calibration = Calibration();
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        var a = await WriteInt8Async(install, first.Path, calibration);
        var b = await WriteInt8Async(install, second.Path, calibration);

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(Convert.ToHexString(await File.ReadAllBytesAsync(a.OnnxPath, TestContext.Current.CancellationToken)), Convert.ToHexString(await File.ReadAllBytesAsync(b.OnnxPath, TestContext.Current.CancellationToken)));
        var manifest = ModelManifest.Parse(await File.ReadAllBytesAsync(a.ManifestPath, TestContext.Current.CancellationToken))!;
        Assert.Equal("mobilenet_v2_mid_int8", manifest.Name);
        Assert.Equal(ModelManifest.Parse(await File.ReadAllBytesAsync(install.ManifestPath, TestContext.Current.CancellationToken))!.Input, manifest.Input, new InputComparer());
    }

    [Fact]
    public async Task Int8_embeddings_of_unseen_photos_stay_close_to_float32()
    {
        var install = fixture.RequireInstall();
        using var directory = new TempDirectory();
        var int8 = await WriteInt8Async(install, directory.Path, Calibration());
        var photos = Photos.Load(Size, UnseenPhotos);
        float[] batch = [.. photos, .. Photos.MirrorHorizontally(photos.AsSpan(0, Size * Size * 3).ToArray(), Size)];
        long[] shape = [UnseenPhotos.Length + 1, Size, Size, 3];

        var (expected, _) = OnnxRun.Once(await File.ReadAllBytesAsync(install.OnnxPath, TestContext.Current.CancellationToken), batch, shape, TfjsImportOptions.EmbeddingOutputName);
        var (actual, actualShape) = OnnxRun.Once(await File.ReadAllBytesAsync(int8.OnnxPath, TestContext.Current.CancellationToken), batch, shape, TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal([UnseenPhotos.Length + 1, 816], actualShape);
        for (var n = 0; n <= UnseenPhotos.Length; n++)
        {
            var similarity = TensorPrimitives.CosineSimilarity(expected.AsSpan(n * 816, 816), actual.AsSpan(n * 816, 816));
            Assert.True(similarity > 0.97, $"Photo {n}: cosine {similarity} between the float32 and int8 embeddings.");
        }

        // Closer to its own float embedding than to any other photo's: the ranking a kNN graph is built from survives.
        for (var n = 0; n <= UnseenPhotos.Length; n++)
        {
            var own = TensorPrimitives.CosineSimilarity(expected.AsSpan(n * 816, 816), actual.AsSpan(n * 816, 816));
            for (var m = 0; m <= UnseenPhotos.Length; m++)
            {
                if (m != n)
                {
                    Assert.True(own > TensorPrimitives.CosineSimilarity(expected.AsSpan(m * 816, 816), actual.AsSpan(n * 816, 816)));
                }
            }
        }
    }

    private static List<CalibrationBatch> Calibration()
    {
        var photos = Photos.Load(Size, CalibrationPhotos);
        return [new CalibrationBatch(photos, [CalibrationPhotos.Length, Size, Size, 3]),
            new CalibrationBatch(Photos.MirrorHorizontally(photos.AsSpan(0, Size * Size * 3).ToArray(), Size), [1, Size, Size, 3])];
    }

    private static async Task<ModelInstallResult> WriteInt8Async(ModelInstallResult install, string directory, List<CalibrationBatch> calibration)
    {
        File.Copy(install.OnnxPath, DefaultModelInstaller.OnnxPath(directory));
        File.Copy(install.ManifestPath, DefaultModelInstaller.ManifestPath(directory));
        return await Int8ModelWriter.WriteAsync(directory, DefaultModel.Name, calibration, new Int8QuantizationOptions(), TestContext.Current.CancellationToken);
    }

    private sealed class InputComparer : IEqualityComparer<ManifestInput>
    {
        public bool Equals(ManifestInput? x, ManifestInput? y) =>
            x is not null && y is not null && (x.Name, x.Width, x.Height, x.Layout, x.ChannelOrder) == (y.Name, y.Width, y.Height, y.Layout, y.ChannelOrder)
            && x.Mean.SequenceEqual(y.Mean) && x.Std.SequenceEqual(y.Std);

        public int GetHashCode(ManifestInput obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
