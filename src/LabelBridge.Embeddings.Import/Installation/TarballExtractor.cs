using System.Formats.Tar;
using System.IO.Compression;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Extracts the regular files of a .tgz below one directory, refusing entries that would land outside it.</summary>
internal static class TarballExtractor
{
    public static Task ExtractAsync(string tarballPath, string destination, CancellationToken cancellationToken) =>
        ExtractAsync(tarballPath, destination, namePrefix: null, cancellationToken);

    /// <summary>Extracts only the entries whose name starts with <paramref name="namePrefix"/> (all when null).</summary>
    public static async Task ExtractAsync(string tarballPath, string destination, string? namePrefix, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        await using var file = File.OpenRead(tarballPath);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                || (namePrefix is not null && !entry.Name.StartsWith(namePrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(root, entry.Name));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new ModelInstallException(ModelInstallFailure.PackageLayoutUnexpected, $"Package entry '{entry.Name}' points outside the extraction directory.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken);
        }
    }
}
