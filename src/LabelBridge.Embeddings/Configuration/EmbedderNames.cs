using System.Text.RegularExpressions;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Embeddings.Configuration;

/// <summary>Embedder names the resolver can resolve: <c>auto</c>, <c>pixel</c>, <c>default-model</c>, or a model name
/// (several joined with '+' combine).</summary>
internal static partial class EmbedderNames
{
    private static readonly string[] Known = ["auto", "pixel", "default-model"];

    public static void Validate(ICollection<ConfigProblem> problems, string key, string embedder)
    {
        if (string.IsNullOrWhiteSpace(embedder))
        {
            problems.Add(new(key, $"is empty; use one of {string.Join(", ", Known)} or the name of a model in the model directory"));
        }
        else if (!Known.Contains(embedder, StringComparer.OrdinalIgnoreCase) && !ModelName().IsMatch(embedder))
        {
            problems.Add(new(key, $"'{embedder}' is not {string.Join(", ", Known)}, nor a model name (letters, digits, '-', '_', '+' to combine)"));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.+-]+$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ModelName();
}
