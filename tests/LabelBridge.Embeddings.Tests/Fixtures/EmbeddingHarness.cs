using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Tests.Fixtures;

/// <summary>The embedder as the host wires it, over a real SQLite file and a model directory in a temp folder.</summary>
internal sealed class EmbeddingHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly bool ownsRoot;

    private EmbeddingHarness(string root, ServiceProvider services, bool ownsRoot)
    {
        Root = root;
        this.services = services;
        this.ownsRoot = ownsRoot;
    }

    public string Root { get; }

    public ILabelBridgeStore Store => services.GetRequiredService<ILabelBridgeStore>();

    public IAnnotationEmbedder Embedder => services.GetRequiredService<IAnnotationEmbedder>();

    public LabelBridgeOptions Options => services.GetRequiredService<IOptions<LabelBridgeOptions>>().Value;

    public DictionaryImageSource Images { get; } = new();

    public static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "labelbridge-embeddings-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>Starts over <paramref name="root"/> (store and models) when given, as a second process would; <paramref name="models"/>
    /// writes model files into the model directory first.</summary>
    public static async Task<EmbeddingHarness> StartAsync(string? root = null, Action<EmbeddingOptions>? configure = null, Action<string>? models = null)
    {
        var ownsRoot = root is null;
        root ??= NewRoot();
        var modelDirectory = Path.Combine(root, "models");
        Directory.CreateDirectory(modelDirectory);
        models?.Invoke(modelDirectory);
        var options = new LabelBridgeOptions();
        options.Embedding.ModelDirectory = modelDirectory;
        options.Embedding.IntraOpThreads = 1;
        options.Embedding.BatchSize = 4;
        configure?.Invoke(options.Embedding);
        options.Store.SqlitePath = Path.Combine(root, "store.db");
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        collection.AddSingleton(new BoundConfiguration(options)); // what each section is served from, as in the host
        collection.AddLabelBridgeStore(options.Store);
        collection.AddLabelBridgeEmbeddings();
        var provider = collection.BuildServiceProvider();
        var harness = new EmbeddingHarness(root, provider, ownsRoot);
        await harness.Store.InitializeAsync(TestContext.Current.CancellationToken);
        return harness;
    }

    public EmbeddingRequest Request(IReadOnlyList<Item> items, IReadOnlyList<Annotation> annotations, string project = "demo", bool thumbnails = false) =>
        new(project, PlatformKind.Cvat, items, annotations, Images, thumbnails);

    public Task<EmbeddingSet> EmbedAsync(EmbeddingRequest request, IProgress<EmbeddingProgress>? progress = null) =>
        Embedder.EmbedAsync(request, progress, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        if (ownsRoot)
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public static Item Item(string key, int width = 64, int height = 64) =>
        new(key, key + "#v1", width, height, new ItemLocation(1, 1, 0), key, key + ".png");

    public static Annotation Box(string key, string itemKey, string label, double x, double y, double w, double h) =>
        new(key, itemKey, label, ShapeKind.Rectangle, new PixelBox(x, y, w, h), "1", new AnnotationOrigin(key, "shape"));
}
