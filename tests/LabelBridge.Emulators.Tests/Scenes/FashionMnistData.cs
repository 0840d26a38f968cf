using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Emulators.Tests.Scenes;

internal static class FashionMnistData
{
    // Loaded once for every test of the assembly: decoding the 70,000 images is most of a scene test's time.
    private static readonly Lazy<Task<FashionMnist>> Data = new(() => FashionMnist.LoadAsync(FashionMnist.DefaultDirectory, CancellationToken.None));

    /// <summary>The Debian package dataset-fashion-mnist, installed by scripts/install-prerequisites.sh.</summary>
    public static Task<FashionMnist> LoadAsync() => Data.Value;
}
