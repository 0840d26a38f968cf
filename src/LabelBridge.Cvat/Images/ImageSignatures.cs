namespace LabelBridge.Cvat.Images;

/// <summary>Recognises the image formats by their first bytes, so an HTML error page or a corrupt file is named early.</summary>
internal static class ImageSignatures
{
    public static bool LooksLikeImage(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || bytes.StartsWith("GIF8"u8)
        || bytes.StartsWith("BM"u8)
        || (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]);
}
