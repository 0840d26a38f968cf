namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>Replaces the <c>## Embeddings</c> section of the shared results file, leaving every other section alone.</summary>
internal static class ResultsFile
{
    private const string Heading = "## Embeddings";

    public static void WriteSection(string path, string body)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n\n";
        var start = existing.IndexOf(Heading + "\n", StringComparison.Ordinal);
        string before, after;
        if (start < 0)
        {
            before = existing.TrimEnd() + "\n\n";
            after = "";
        }
        else
        {
            before = existing[..start];
            var next = existing.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
            after = next < 0 ? "" : existing[(next + 1)..];
        }

        File.WriteAllText(path, before + Heading + "\n\n" + body.TrimEnd() + "\n\n" + after);
    }
}
