using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.Fixtures;

/// <summary>Images made in the test: good ones drawn with SkiaSharp, bad ones written byte by byte.</summary>
internal static class TestImages
{
    public static byte[] Solid(int width, int height, SKColor color, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        Draw(width, height, canvas => canvas.Clear(color), format);

    public static byte[] Draw(int width, int height, Action<SKCanvas> paint, SKEncodedImageFormat format = SKEncodedImageFormat.Png, SKColorType colorType = SKColorType.Rgba8888)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, colorType == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            paint(canvas);
        }

        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>Left half <paramref name="left"/>, right half <paramref name="right"/>.</summary>
    public static byte[] Halves(int width, int height, SKColor left, SKColor right, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        Draw(width, height, canvas =>
        {
            canvas.Clear(right);
            using var paint = new SKPaint { Color = left };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
        }, format);

    /// <summary>A JPEG with an EXIF APP1 segment carrying <paramref name="orientation"/> right after the start marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, 1
            0, 0, 0, 0, // no next IFD
        ];
        byte[] exifHeader = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        var length = 2 + exifHeader.Length + tiff.Length;
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        output.Write([0xFF, 0xE1, (byte)(length >> 8), (byte)length]);
        output.Write(exifHeader);
        output.Write(tiff);
        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    /// <summary>A PNG written by hand: 16-bit RGB, all one colour.</summary>
    public static byte[] Png16Bit(int width, int height, ushort red, ushort green, ushort blue)
    {
        var row = 1 + (width * 6);
        var raw = new byte[row * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (y * row) + 1 + (x * 6);
                BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(at), red);
                BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(at + 2), green);
                BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(at + 4), blue);
            }
        }

        return Png(width, height, bitDepth: 16, colorType: 2, Compress(raw));
    }

    /// <summary>A PNG whose header declares <paramref name="width"/>×<paramref name="height"/> but carries a few bytes of data.</summary>
    public static byte[] PixelBomb(int width, int height) => Png(width, height, bitDepth: 8, colorType: 2, Compress(new byte[64]));

    public static byte[] Truncated(byte[] image) => image[..(image.Length / 2)];

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }

    private static byte[] Png(int width, int height, byte bitDepth, byte colorType, byte[] idat)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        Chunk(output, "IHDR", header);
        Chunk(output, "IDAT", idat);
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32([.. typeBytes, .. data]));
        output.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
