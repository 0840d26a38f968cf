using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text.Json;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Embeddings.Import.Translation;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Embeddings.Import.Tests.DefaultModelChecks;

public sealed class DefaultModelTests(DefaultModelFixture fixture) : IClassFixture<DefaultModelFixture>
{
    private const int Neutral = 2;
    private static readonly string[] OrdinaryPhotos = ["astronaut.png", "coffee.png", "rocket.jpg"];

    [Fact]
    public void Default_model_installs_with_the_contract_manifest()
    {
        var install = fixture.RequireInstall();

        Assert.Equal(ModelInstallOutcome.Installed, install.Outcome);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(install.ManifestPath));
        var root = manifest.RootElement;
        Assert.Equal("mobilenet_v2_mid", root.GetProperty("name").GetString());
        Assert.Equal("nsfwjs 4.3.0 mobilenet_v2_mid cut at MobilenetV2/expanded_conv_13/expand/Relu6, global-average pooled", root.GetProperty("description").GetString());
        var input = root.GetProperty("input");
        Assert.Equal(("input", 128, 128, "NHWC", "RGB"), (input.GetProperty("name").GetString(), input.GetProperty("width").GetInt32(), input.GetProperty("height").GetInt32(), input.GetProperty("layout").GetString(), input.GetProperty("channelOrder").GetString()));
        Assert.Equal([0.0, 0.0, 0.0], input.GetProperty("mean").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1.0, 1.0, 1.0], input.GetProperty("std").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(("embedding", "none"), (root.GetProperty("output").GetProperty("name").GetString(), root.GetProperty("output").GetProperty("pooling").GetString()));
        var source = root.GetProperty("source");
        Assert.Equal(("nsfwjs@4.3.0", "MIT"), (source.GetProperty("package").GetString(), source.GetProperty("license").GetString()));
        Assert.StartsWith("sha512-WTKDte0vp1X97N1h34P79G", source.GetProperty("integrity").GetString(), StringComparison.Ordinal);
        var onnx = File.ReadAllBytes(install.OnnxPath);
        Assert.InRange(onnx.Length, 500_000, 2_000_000);
        var expectedFingerprint = Convert.ToHexStringLower(SHA256.HashData([.. onnx, .. File.ReadAllBytes(install.ManifestPath)]))[..16];
        Assert.Equal(expectedFingerprint, install.Fingerprint);
    }

    [Fact]
    public async Task Installing_again_leaves_the_installed_model_alone()
    {
        var first = fixture.RequireInstall();
        var writtenAt = File.GetLastWriteTimeUtc(first.OnnxPath);

        var second = await fixture.Installer.InstallAsync(fixture.ModelDirectory, 128, TestContext.Current.CancellationToken);

        Assert.Equal(ModelInstallOutcome.AlreadyPresent, second.Outcome);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(first.OnnxPath));
    }

    [Fact]
    public async Task Installing_for_another_input_size_rebuilds_the_model_for_that_size()
    {
        var first = fixture.RequireInstall();
        using var directory = new TempDirectory();
        File.Copy(first.OnnxPath, DefaultModelInstaller.OnnxPath(directory.Path));
        File.Copy(first.ManifestPath, DefaultModelInstaller.ManifestPath(directory.Path));

        var rebuilt = await fixture.Installer.InstallAsync(directory.Path, 96, TestContext.Current.CancellationToken);

        Assert.Equal(ModelInstallOutcome.Installed, rebuilt.Outcome);
        Assert.NotEqual(first.Fingerprint, rebuilt.Fingerprint);
        using var session = new InferenceSession(rebuilt.OnnxPath);
        Assert.Equal([-1, 96, 96, 3], session.InputMetadata["input"].Dimensions);
        var (_, shape) = OnnxRun.Once(session, new float[96 * 96 * 3], [1, 96, 96, 3], TfjsImportOptions.EmbeddingOutputName);
        Assert.Equal([1, 816], shape);
    }

    [Fact]
    public void Mid_cut_embeds_photos_as_816_numbers_that_tell_them_apart()
    {
        var install = fixture.RequireInstall();
        const int size = 128;
        var photos = Photos.Load(size, "astronaut.png", "coffee.png");
        var astronaut = photos.AsSpan(0, size * size * 3).ToArray();
        float[] batch = [.. photos, .. Photos.MirrorHorizontally(astronaut, size)];

        using var session = new InferenceSession(install.OnnxPath);
        var (embeddings, shape) = OnnxRun.Once(session, batch, [3, size, size, 3], TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal([3, 816], shape);
        Assert.All(embeddings, value => Assert.True(float.IsFinite(value) && value >= 0f));
        var astronautRow = embeddings.AsSpan(0, 816);
        var coffee = TensorPrimitives.CosineSimilarity(astronautRow, embeddings.AsSpan(816, 816));
        var mirrored = TensorPrimitives.CosineSimilarity(astronautRow, embeddings.AsSpan(2 * 816, 816));
        Assert.True(1 - mirrored < (1 - coffee) / 2, $"cosine to mirrored astronaut {mirrored:F3}, to coffee {coffee:F3}");
    }

    [Fact]
    public async Task Full_mid_classifier_calls_ordinary_photos_neutral()
    {
        fixture.RequireInstall();
        var onnx = await TfjsOnnxImporter.ImportAsync(
            Path.Combine(fixture.PackageModels, "mobilenet_v2_mid"), new TfjsImportOptions(224, 224, CutAt: null), TestContext.Current.CancellationToken);

        var probabilities = Classify(onnx, OrdinaryPhotos);

        for (var i = 0; i < OrdinaryPhotos.Length; i++)
        {
            Assert.True(probabilities[(i * 5) + Neutral] > 0.8f, $"{OrdinaryPhotos[i]}: neutral {probabilities[(i * 5) + Neutral]:F3}");
        }
    }

    [Fact]
    public async Task Full_keras_mobilenet_v2_classifier_calls_ordinary_photos_neutral()
    {
        fixture.RequireInstall();
        string[] photos = ["astronaut.png", "coffee.png"];
        var onnx = await TfjsOnnxImporter.ImportAsync(
            Path.Combine(fixture.PackageModels, "mobilenet_v2"), new TfjsImportOptions(224, 224, CutAt: null), TestContext.Current.CancellationToken);

        var probabilities = Classify(onnx, photos);

        for (var i = 0; i < photos.Length; i++)
        {
            Assert.True(probabilities[(i * 5) + Neutral] > 0.8f, $"{photos[i]}: neutral {probabilities[(i * 5) + Neutral]:F3}");
        }
    }

    private static float[] Classify(byte[] onnx, string[] photos)
    {
        var batch = Photos.Load(224, photos);
        var (probabilities, shape) = OnnxRun.Once(onnx, batch, [photos.Length, 224, 224, 3], TfjsImportOptions.FullModelOutputName);
        Assert.Equal([photos.Length, 5], shape);
        return probabilities;
    }
}
