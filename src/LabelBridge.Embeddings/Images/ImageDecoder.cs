using System.Globalization;
using SkiaSharp;

namespace LabelBridge.Embeddings.Images;

/// <summary>Decodes encoded image bytes once per item into an upright premultiplied RGBA bitmap.</summary>
/// <remarks>The encoded size was bounded by the platform's download (Platforms[].MaxImageBytes); the decoded size is
/// checked from the header before any pixel memory is allocated. 16-bit, CMYK, grey and
/// alpha images all come out as 8-bit RGBA; EXIF orientation is applied so boxes drawn on the image as a
/// browser shows it land on the right pixels.</remarks>
internal static class ImageDecoder
{
    public static DecodeOutcome Decode(byte[] bytes, ImageLimits limits)
    {
        if (bytes.Length == 0)
        {
            return DecodeOutcome.Failure("the image is empty (0 bytes)");
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return DecodeOutcome.Failure("not a readable image: the format is unknown or the data is corrupt");
        }

        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            return DecodeOutcome.Failure(Invariant($"the image declares an empty size {width}×{height}"));
        }

        if ((long)width * height > limits.MaxPixels)
        {
            return DecodeOutcome.Failure(Invariant(
                $"the image declares {width}×{height} pixels, over the limit of {limits.MaxPixels} pixels"));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return DecodeOutcome.Failure(result == SKCodecResult.IncompleteInput
                ? "the image data is truncated"
                : Invariant($"the image could not be decoded ({result})"));
        }

        return new DecodeOutcome(Orientation.ToUpright(bitmap, codec.EncodedOrigin), null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
