namespace LabelBridge.Emulators.Scenes;

/// <summary>What a generated project shows: which sprites, of which classes, on what, at what sizes.</summary>
/// <param name="ProjectName">The CVAT project's name.</param>
/// <param name="FramePrefix">Start of every frame's file name.</param>
/// <param name="Sprites">The objects.</param>
/// <param name="Classes">Indices into the sprites' class names that appear; the project's labels are all of them.</param>
/// <param name="Backdrop">What the objects are pasted on.</param>
/// <param name="JunkTruth">What a junk object really is, as the planted error records it.</param>
/// <param name="MinSize">Smallest side of an object's square box, in pixels.</param>
/// <param name="MaxSize">Largest side (exclusive).</param>
public sealed record SceneDomain(
    string ProjectName, string FramePrefix, ISpriteSet Sprites, IReadOnlyList<int> Classes, IBackdrop Backdrop, string JunkTruth, int MinSize, int MaxSize)
{
    public const int FrameWidth = 320;
    public const int FrameHeight = 240;

    /// <summary>The demo's: five Fashion-MNIST classes a person tells apart at a glance (the shirt/pullover/coat and
    /// sneaker/boot families left out, so that what the demo flags is mostly what it planted) on shelves.</summary>
    public static SceneDomain Shelves(FashionMnist data) =>
        new("LabelBridge demo: fashion on shelves", "shelf", new GarmentSprites(data), [0, 1, 3, 8, 9], new ShelfBackdrop(), "(not a garment)", 56, 88);

    /// <summary>All ten Fashion-MNIST classes on shelves, look-alike families included.</summary>
    public static SceneDomain Garments(FashionMnist data) =>
        new("Garments on shelves", "garments", new GarmentSprites(data), [.. Enumerable.Range(0, FashionMnist.ClassNames.Length)], new ShelfBackdrop(), "(not a garment)", 56, 88);

    /// <summary>Emoji by category pasted on photographs.</summary>
    public static SceneDomain Icons(EmojiSprites emoji, PhotoBackdrop photos) =>
        new("Icons on photos", "icons", emoji, [.. Enumerable.Range(0, emoji.ClassNames.Count)], photos, "(not an icon)", 44, 76);
}
