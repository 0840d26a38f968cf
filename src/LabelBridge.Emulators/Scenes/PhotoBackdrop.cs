using SkiaSharp;

namespace LabelBridge.Emulators.Scenes;

/// <summary>Random crops of real photographs (scikit-image's sample photos, Debian package python3-skimage),
/// stretched over the frame.</summary>
public sealed class PhotoBackdrop : IBackdrop, IDisposable
{
    public const string DefaultDirectory = "/usr/lib/python3/dist-packages/skimage/data";

    private readonly List<SKBitmap> photos;

    private PhotoBackdrop(List<SKBitmap> photos) => this.photos = photos;

    /// <summary>The PNG and JPEG photos of at least 300×300 px in <paramref name="directory"/>, in name order.</summary>
    public static PhotoBackdrop Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"No photos in {directory}: install the Debian package python3-skimage or pass the directory.");
        }

        var photos = new List<SKBitmap>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (!path.EndsWith(".png", StringComparison.Ordinal) && !path.EndsWith(".jpg", StringComparison.Ordinal))
            {
                continue;
            }

            // skimage ships a deliberately truncated JPEG among its samples; a photo that does not decode is skipped.
            var bitmap = SKBitmap.Decode(path);
            if (bitmap is not null && bitmap.Width >= 300 && bitmap.Height >= 300)
            {
                photos.Add(bitmap);
            }
            else
            {
                bitmap?.Dispose();
            }
        }

        return photos.Count > 0 ? new PhotoBackdrop(photos) : throw new InvalidDataException($"No photo of at least 300×300 px in {directory}.");
    }

    public void Draw(SKCanvas canvas, int width, int height, Random random)
    {
        var photo = photos[random.Next(photos.Count)];
        var cropWidth = random.Next(photo.Width / 2, photo.Width);
        var cropHeight = random.Next(photo.Height / 2, photo.Height);
        var x = random.Next(0, photo.Width - cropWidth + 1);
        var y = random.Next(0, photo.Height - cropHeight + 1);
        canvas.DrawBitmap(photo, new SKRect(x, y, x + cropWidth, y + cropHeight), new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear), null);
    }

    public void Dispose()
    {
        foreach (var photo in photos)
        {
            photo.Dispose();
        }
    }
}
