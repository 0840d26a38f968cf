using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>Every problem of a configuration at once, as <c>labelbridge config check</c> lists them: the failures of
/// every validator the parts register in the worker's composition (of the whole configuration and of each section they
/// own), the same ones that run at start-up.</summary>
internal static class LabelBridgeOptionsValidator
{
    public static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var services = new ServiceCollection();
        services.AddLabelBridgeWorker(options);
        using var provider = services.BuildServiceProvider();
        var problems = new List<ConfigProblem>();
        foreach (var validator in provider.GetServices<IValidateOptions<LabelBridgeOptions>>())
        {
            if (validator.Validate(Options.DefaultName, options) is { Failed: true } result)
            {
                problems.AddRange(result.Failures.Select(ConfigProblem.FromFailure));
            }
        }

        foreach (var section in provider.GetServices<IConfigurationSectionCheck>())
        {
            problems.AddRange(section.Check(options));
        }

        return problems;
    }
}
