using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Bench.FlagQuality;

/// <summary>The bench's two domains and their sizes: about 9% planted errors, mislabels confusable-biased (80% drawn
/// from the two classes that look most like the true one), half the junk bare background, half scribbles.</summary>
internal sealed class BenchDomains(SceneDomain domain, IDisposable? resources) : IDisposable
{
    public SceneDomain Domain { get; } = domain;

    public static async Task<BenchDomains> LoadAsync(string name, FlagBenchOptions options)
    {
        switch (name)
        {
            case "garments":
                var data = await FashionMnist.LoadAsync(options.FashionMnist, CancellationToken.None);
                return new BenchDomains(SceneDomain.Garments(data), null);
            case "icons":
                var emoji = await EmojiSprites.LoadAsync(options.Emoji, CancellationToken.None);
                var photos = PhotoBackdrop.Load(options.Photos);
                return new BenchDomains(SceneDomain.Icons(emoji, photos), photos);
            default:
                throw new ArgumentException($"unknown domain {name}: garments or icons", nameof(name));
        }
    }

    /// <summary>Garments: ~1,110 boxes (270 frames of 4, 16 duplicates, 16 junk); icons: ~990 boxes (240 frames);
    /// quick: ~250 boxes (60 frames, 4 + 4).</summary>
    public static SceneOptions Size(string name, bool quick)
    {
        var frames = quick ? 60 : name == "garments" ? 90 : 80;
        var tasks = quick ? 1 : 3;
        var extras = quick ? 4 : name == "garments" ? 16 : 15;
        return new SceneOptions(Tasks: tasks, FramesPerTask: frames, JobSize: 30, ObjectsPerFrame: 4, MislabelRate: 0.065,
            DuplicateConflicts: extras, Junk: extras, Seed: name == "garments" ? 14 : 15, ConfusableBias: 0.8, JunkPatchShare: 0.5);
    }

    public void Dispose() => resources?.Dispose();
}
