using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Configuration;

/// <summary>Each project's embedder override names an embedder the resolver can resolve (a rule on the <c>Projects</c>
/// list, so it validates the whole configuration).</summary>
internal sealed class ProjectEmbedderValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Projects.Count; i++)
        {
            if (options.Projects[i].Embedder is { } embedder)
            {
                EmbedderNames.Validate(problems, ConfigRules.Index("Projects", i, "Embedder"), embedder);
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
