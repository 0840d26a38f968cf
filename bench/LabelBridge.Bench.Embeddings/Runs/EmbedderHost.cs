using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Storage;
using LabelBridge.Embeddings;
using LabelBridge.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>The embedder wired as the host wires it, over a SQLite file of its own.</summary>
internal sealed class EmbedderHost : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private EmbedderHost(ServiceProvider services)
    {
        this.services = services;
    }

    public IAnnotationEmbedder Embedder => services.GetRequiredService<IAnnotationEmbedder>();

    public static async Task<EmbedderHost> StartAsync(
        string storeDirectory, string modelDirectory, string embedder, int batchSize, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(storeDirectory);
        var options = new LabelBridgeOptions();
        options.Embedding.ModelDirectory = modelDirectory;
        options.Embedding.Embedder = embedder;
        options.Embedding.BatchSize = batchSize;
        options.Store.SqlitePath = Path.Combine(storeDirectory, "store.db");
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        collection.AddSingleton(Options.Create(options));
        // The embedder reads its own Embedding section (not LabelBridgeOptions): without this it ran with the defaults
        // (Embedder "auto", model directory ".models"), i.e. pixels, whatever the bench asked for.
        collection.AddOptionsSection(options.Embedding);
        collection.AddLabelBridgeStore(options.Store);
        collection.AddLabelBridgeEmbeddings();
        var host = new EmbedderHost(collection.BuildServiceProvider());
        await host.services.GetRequiredService<ILabelBridgeStore>().InitializeAsync(cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
