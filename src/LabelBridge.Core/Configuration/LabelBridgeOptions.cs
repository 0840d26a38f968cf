namespace LabelBridge.Core.Configuration;

/// <summary>The whole configuration, bound from <c>config/labelbridge.json</c> and <c>LABELBRIDGE_</c> environment variables.</summary>
public sealed class LabelBridgeOptions
{
    public IList<PlatformOptions> Platforms { get; set; } = [];

    public IList<ProjectOptions> Projects { get; set; } = [];

    public EmbeddingOptions Embedding { get; set; } = new();

    public StoreOptions Store { get; set; } = new();

    public WebOptions Web { get; set; } = new();

    public ScaleOptions Scale { get; set; } = new();

    public LoggingOptions Logging { get; set; } = new();

    public PlatformOptions? FindPlatform(string name) => PlatformsOptions.Of(this).Find(name);

    public ProjectOptions? FindProject(string name) => ProjectsOptions.Of(this).Find(name);
}
