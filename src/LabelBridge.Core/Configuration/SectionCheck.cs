using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Configuration;

/// <summary>One section's validators run over the section of a whole configuration, for <c>labelbridge config
/// check</c>'s list of every problem at once.</summary>
public interface IConfigurationSectionCheck
{
    IReadOnlyList<ConfigProblem> Check(LabelBridgeOptions configuration);
}

/// <summary>Runs a section's registered validators over the section of a whole configuration.</summary>
internal sealed class SectionCheck<TSection>(IEnumerable<IValidateOptions<TSection>> validators) : IConfigurationSectionCheck
    where TSection : class, IOptionsSection<TSection>
{
    public IReadOnlyList<ConfigProblem> Check(LabelBridgeOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = TSection.Of(configuration);
        return validators
            .Select(v => v.Validate(Options.DefaultName, section))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures ?? [])
            .Select(ConfigProblem.FromFailure)
            .ToList();
    }
}

/// <summary>One of a section's validators (a source-generated data-annotation one, or a cross-field one), with each
/// failure's key prefixed by the section's name (<c>ShardSize</c> → <c>Scale.ShardSize</c>, <c>[0].Url</c> →
/// <c>Platforms[0].Url</c>), so start-up errors and
/// <c>labelbridge config check</c> name keys as the file spells them.</summary>
internal sealed class SectionValidator<TSection, TValidator>(TValidator validator) : IValidateOptions<TSection>
    where TSection : class, IOptionsSection<TSection>
    where TValidator : class, IValidateOptions<TSection>
{
    public ValidateOptionsResult Validate(string? name, TSection options)
    {
        var result = validator.Validate(name, options);
        return result.Failed
            ? ValidateOptionsResult.Fail((result.Failures ?? []).Select(f => Prefixed(ConfigProblem.FromFailure(f)).ToString()))
            : result;
    }

    private static ConfigProblem Prefixed(ConfigProblem problem) =>
        problem.Key == ConfigProblem.UnkeyedFailure
            ? problem with { Key = TSection.SectionName }
            : problem with { Key = problem.Key.StartsWith('[') ? TSection.SectionName + problem.Key : $"{TSection.SectionName}.{problem.Key}" };
}
