namespace LabelBridge.Testing;

/// <summary>The checkout the test binaries were built in (the directory holding LabelBridge.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "LabelBridge.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LabelBridge.sln not found above the test binaries.");
    }
}
