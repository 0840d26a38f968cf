using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Configuration;

/// <summary>Serves a section as <c>IOptions&lt;TSection&gt;</c> through the options pipeline, so the section's registered
/// validators run on it: the section a part was given explicitly (a part composed on its own), else the section of the
/// configuration the host bound, else that of the whole configuration as its setups leave it.</summary>
/// <remarks>Never the section of <c>IOptions&lt;LabelBridgeOptions&gt;</c>: reading that runs the whole configuration's
/// cross-section validators, so their problems would surface again, instead of this section's, in every section.</remarks>
internal sealed class SectionOptionsFactory<TSection>(
    IServiceProvider services,
    IEnumerable<ExplicitSection<TSection>> explicitSections,
    IEnumerable<BoundConfiguration> bound,
    IEnumerable<IConfigureOptions<TSection>> setups,
    IEnumerable<IPostConfigureOptions<TSection>> postConfigures,
    IEnumerable<IValidateOptions<TSection>> validations)
    : OptionsFactory<TSection>(setups, postConfigures, validations)
    where TSection : class, IOptionsSection<TSection>
{
    protected override TSection CreateInstance(string name) =>
        explicitSections.LastOrDefault()?.Value
        ?? TSection.Of(bound.LastOrDefault()?.Value ?? Configured());

    /// <summary>The whole configuration built by its registered setups, without its validators.</summary>
    private LabelBridgeOptions Configured()
    {
        var options = new LabelBridgeOptions();
        foreach (var setup in services.GetServices<IConfigureOptions<LabelBridgeOptions>>())
        {
            if (setup is IConfigureNamedOptions<LabelBridgeOptions> named)
            {
                named.Configure(Options.DefaultName, options);
            }
            else
            {
                setup.Configure(options);
            }
        }

        foreach (var setup in services.GetServices<IPostConfigureOptions<LabelBridgeOptions>>())
        {
            setup.PostConfigure(Options.DefaultName, options);
        }

        return options;
    }
}

/// <summary>A section object a part was handed directly (e.g. <c>AddLabelBridgeStore(store)</c> in a test or a tool).</summary>
internal sealed record ExplicitSection<TSection>(TSection Value)
    where TSection : class;
