using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Configuration;

/// <summary>Serves a section as <c>IOptions&lt;TSection&gt;</c> through the options pipeline, so the section's registered
/// validators run on it: the section a part was given explicitly (a part composed on its own), else the section of the
/// configuration the host bound, else that of <c>IOptions&lt;LabelBridgeOptions&gt;</c>.</summary>
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
        ?? TSection.Of(bound.LastOrDefault()?.Value ?? services.GetRequiredService<IOptions<LabelBridgeOptions>>().Value);
}

/// <summary>A section object a part was handed directly (e.g. <c>AddLabelBridgeStore(store)</c> in a test or a tool).</summary>
internal sealed record ExplicitSection<TSection>(TSection Value)
    where TSection : class;
