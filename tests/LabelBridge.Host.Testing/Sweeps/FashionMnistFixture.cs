using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Host.Tests.Sweeps;

internal static class FashionMnistFixture
{
    private static readonly Lazy<Task<FashionMnist>> Data = new(() => FashionMnist.LoadAsync(FashionMnist.DefaultDirectory, CancellationToken.None));

    /// <summary>The Debian package dataset-fashion-mnist, installed by scripts/install-prerequisites.sh.</summary>
    public static Task<FashionMnist> LoadAsync() => Data.Value;
}
