using LabelBridge.Embeddings.Models;
using LabelBridge.Embeddings.Tests.Fixtures;

namespace LabelBridge.Embeddings.Tests.Models;

public sealed class OnnxPatchEmbedderTests : IDisposable
{
    private readonly string directory = EmbeddingHarness.NewRoot();

    [Fact]
    public async Task Spatial_output_is_average_pooled_and_unit_length()
    {
        TinyModels.WriteMeanColour(directory);
        using var model = (await Load("mean_colour")).Embedder!;

        var vectors = new float[2 * model.Dimension];
        model.Embed([.. Patch(8, 8, 255, 0, 0), .. Patch(8, 8, 60, 80, 0)], 2, vectors);

        Assert.Equal(3, model.Dimension);
        AssertClose([1, 0, 0], vectors.AsSpan(0, 3));
        AssertClose([0.6f, 0.8f, 0], vectors.AsSpan(3));
    }

    [Fact]
    public async Task Releasing_the_arena_after_a_run_leaves_the_next_batch_the_same_vectors()
    {
        TinyModels.WriteMeanColour(directory);
        using var model = (await Load("mean_colour")).Embedder!;
        byte[] patches = [.. Patch(8, 8, 255, 0, 0), .. Patch(8, 8, 60, 80, 0)];
        var before = new float[2 * model.Dimension];
        model.Embed(patches, 2, before);

        model.ReleaseWorkingMemory();
        var after = new float[2 * model.Dimension];
        model.Embed(patches, 2, after);

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Nhwc_bgr_model_sees_channels_in_its_own_order()
    {
        TinyModels.WriteFlatBgr(directory);
        using var model = (await Load("flat_bgr")).Embedder!;

        var vector = new float[model.Dimension];
        model.Embed(Patch(8, 8, 255, 0, 0), 1, vector);

        Assert.Equal(4, model.Dimension);
        AssertClose([0, 0, 1, 0], vector);
    }

    [Fact]
    public async Task Manifest_naming_an_input_the_graph_lacks_is_a_named_model_problem()
    {
        TinyModels.WriteMismatched(directory, "wrong_input", inputName: "image", size: 8, outputName: "features", pooling: "gap");

        var result = await Load("wrong_input");

        Assert.Null(result.Embedder);
        Assert.Contains("no input 'image'", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_size_that_does_not_fit_the_graph_is_a_named_model_problem()
    {
        TinyModels.WriteMismatched(directory, "wrong_size", inputName: "input", size: 16, outputName: "features", pooling: "gap");

        var result = await Load("wrong_size");

        Assert.Null(result.Embedder);
        Assert.Contains("does not fit NCHW with 3 channels at 16×16", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flat_pooling_on_a_spatial_output_is_a_named_model_problem()
    {
        TinyModels.WriteMismatched(directory, "wrong_pooling", inputName: "input", size: 8, outputName: "features", pooling: "none");

        var result = await Load("wrong_pooling");

        Assert.Contains("rank-2", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_model_file_is_a_named_model_problem()
    {
        var result = await Load("absent");

        Assert.Contains("absent.onnx", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fingerprint_changes_when_the_manifest_changes()
    {
        TinyModels.WriteMeanColour(directory);
        using var before = (await Load("mean_colour")).Embedder!;
        var manifest = Path.Combine(directory, "mean_colour.manifest.json");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken)).Replace("test model", "test model, edited", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        using var after = (await Load("mean_colour")).Embedder!;

        Assert.Equal(16, before.ModelFingerprint.Length);
        Assert.NotEqual(before.ModelFingerprint, after.ModelFingerprint);
    }

    private Task<ModelLoadResult> Load(string name) => ModelLoader.LoadAsync(directory, name, 1, TestContext.Current.CancellationToken);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    internal static byte[] Patch(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            pixels[4 * i] = r;
            pixels[(4 * i) + 1] = g;
            pixels[(4 * i) + 2] = b;
            pixels[(4 * i) + 3] = 255;
        }

        return pixels;
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"component {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
