namespace LabelBridge.Embeddings.Import.Tests.DefaultModelChecks;

/// <summary>Something a real-model test needs from the machine (npm, photos): skipped on a developer box, a failure on CI.</summary>
internal static class Prerequisite
{
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Missing(string what)
    {
        if (OnCi)
        {
            Assert.Fail(what);
        }

        Assert.Skip(what);
    }
}
