using SkiaSharp;

namespace LabelBridge.Emulators.Scenes;

/// <summary>The objects a scene generator pastes: images with a class each.</summary>
public interface ISpriteSet
{
    IReadOnlyList<string> ClassNames { get; }

    int Count { get; }

    /// <summary>The index into <see cref="ClassNames"/> of sprite <paramref name="index"/>.</summary>
    int ClassOf(int index);

    /// <summary>The sprite as an image the caller disposes; sets that have their own colours ignore the tint.</summary>
    SKImage Render(int index, SKColor tint);

    /// <summary>A small fixed-length description of the sprite (pixels), to tell which classes look alike.</summary>
    float[] Thumbnail(int index);
}

/// <summary>What the objects of a scene are pasted onto.</summary>
public interface IBackdrop
{
    void Draw(SKCanvas canvas, int width, int height, Random random);
}
