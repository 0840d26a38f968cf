namespace LabelBridge.Core.Configuration;

/// <summary>A section of the configuration file that one part owns and validates: served as its own
/// <c>IOptions&lt;TSelf&gt;</c> and checked by that part's validators.</summary>
/// <typeparam name="TSelf">The section's options class.</typeparam>
/// <remarks>The file is bound once (the loader names every unknown key first); a section is that binding's object for its
/// key, so a part reading <c>IOptions&lt;StoreOptions&gt;</c> and <c>labelbridge config check</c> see the same values.</remarks>
public interface IOptionsSection<TSelf>
    where TSelf : class, IOptionsSection<TSelf>
{
    /// <summary>The section's key in the file, e.g. <c>Store</c>; failures are reported as <c>Store.SqlitePath</c>.</summary>
    static abstract string SectionName { get; }

    /// <summary>The section as bound in the whole configuration.</summary>
    static abstract TSelf Of(LabelBridgeOptions configuration);
}
