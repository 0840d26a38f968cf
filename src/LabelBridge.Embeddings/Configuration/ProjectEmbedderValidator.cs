using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Configuration;

/// <summary>Each project's embedder override names an embedder the resolver can resolve (a rule on the <c>Projects</c>
/// section; keys are relative to it, <c>[0].Embedder</c>).</summary>
internal sealed class ProjectEmbedderValidator : IValidateOptions<ProjectsOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Items.Count; i++)
        {
            if (options.Items[i].Embedder is { } embedder)
            {
                EmbedderNames.Validate(problems, ConfigRules.Item(i, "Embedder"), embedder);
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
