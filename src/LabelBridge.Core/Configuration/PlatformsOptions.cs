namespace LabelBridge.Core.Configuration;

/// <summary>The <c>Platforms</c> section: the CVAT and Label Studio servers, in the file's order.</summary>
/// <remarks>A list in the file, so the section wraps the bound list itself (not a copy): a part reading
/// <c>IOptions&lt;PlatformsOptions&gt;</c> sees the entries <c>labelbridge config check</c> checked. Validators key their
/// failures by index (<c>[0].Url</c>), which the section's registration writes as <c>Platforms[0].Url</c>.</remarks>
public sealed class PlatformsOptions(IList<PlatformOptions> items) : IOptionsSection<PlatformsOptions>
{
    public static string SectionName => "Platforms";

    public static PlatformsOptions Of(LabelBridgeOptions configuration) =>
        new(configuration?.Platforms ?? throw new ArgumentNullException(nameof(configuration)));

    /// <summary>The platforms as bound, in the file's order (failures name entries by this index).</summary>
    public IList<PlatformOptions> Items { get; } = items ?? throw new ArgumentNullException(nameof(items));

    /// <summary>The platform of that name (case-insensitive), or null when none is configured.</summary>
    public PlatformOptions? Find(string name) =>
        Items.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
