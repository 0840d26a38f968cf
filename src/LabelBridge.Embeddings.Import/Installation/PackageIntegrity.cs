using System.Security.Cryptography;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Checks a tarball against an npm Subresource Integrity string (<c>sha512-&lt;base64&gt;</c>).</summary>
internal static class PackageIntegrity
{
    private const string Prefix = "sha512-";

    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var digest = await SHA512.HashDataAsync(stream, cancellationToken);
        return Prefix + Convert.ToBase64String(digest);
    }

    public static async Task VerifyAsync(string path, string expected, CancellationToken cancellationToken)
    {
        var actual = await ComputeAsync(path, cancellationToken);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModelInstallException(
                ModelInstallFailure.IntegrityMismatch,
                $"The downloaded package does not match its published integrity (expected {expected}, got {actual}); refusing to import it.");
        }
    }
}
