using System.Diagnostics.CodeAnalysis;

namespace LabelBridge.Testing;

/// <summary>Something a test needs from the machine (PostgreSQL, npm, photos, a model): skipped on a developer box,
/// a failure on CI, where <c>scripts/test.sh</c> sets <c>CI=true</c> so nothing silently stops being tested.</summary>
public static class Prerequisite
{
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [DoesNotReturn]
    public static void Missing(string what)
    {
        if (OnCi)
        {
            Assert.Fail(what);
        }

        Assert.Skip(what);
        throw new UnreachableException();
    }
}
