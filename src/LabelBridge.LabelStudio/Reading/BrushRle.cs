using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Label Studio's brush masks: RGBA pixels packed with thi.ng's rle-pack, the alpha channel being the mask.</summary>
/// <remarks>Stream layout, most significant bit first: 32-bit value count, 5-bit word size − 1, four 4-bit run-length field
/// sizes − 1; then runs: 1 flag bit (1 = one value repeated, 0 = literal values), 2-bit field-size index, run length − 1,
/// then the value(s). Decoded without materialising the image, so a large mask costs no memory.</remarks>
internal static class BrushRle
{
    /// <summary>The bounding box of the non-transparent pixels, null when the mask is empty; an error when the stream is malformed.</summary>
    public static (PixelBox? Box, string? Error) BoundingBox(ReadOnlySpan<byte> rle, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            return (null, "the brush region has no original_width/original_height");
        }

        var reader = new BitReader(rle);
        if (!reader.TryRead(32, out var count) || !reader.TryRead(5, out var wordSizeMinusOne))
        {
            return (null, "the brush RLE header is truncated");
        }

        if (count != (long)width * height * 4)
        {
            return (null, $"the brush RLE holds {count} values, not {width}×{height}×4 (RGBA of the original image)");
        }

        var wordSize = (int)wordSizeMinusOne + 1;
        Span<int> runSizes = stackalloc int[4];
        for (var k = 0; k < 4; k++)
        {
            if (!reader.TryRead(4, out var size))
            {
                return (null, "the brush RLE header is truncated");
            }

            runSizes[k] = (int)size + 1;
        }

        var bounds = new MaskBounds(width);
        long i = 0;
        while (i < count)
        {
            if (!reader.TryRead(1, out var repeated) || !reader.TryRead(2, out var sizeIndex)
                || !reader.TryRead(runSizes[(int)sizeIndex], out var lengthMinusOne))
            {
                return (null, $"the brush RLE ends after {i} of {count} values");
            }

            var end = Math.Min(count, i + 1 + lengthMinusOne);
            if (repeated == 1)
            {
                if (!reader.TryRead(wordSize, out var value))
                {
                    return (null, $"the brush RLE ends after {i} of {count} values");
                }

                if (value != 0)
                {
                    bounds.AddAlphaRange(i, end);
                }

                i = end;
                continue;
            }

            for (; i < end; i++)
            {
                if (!reader.TryRead(wordSize, out var value))
                {
                    return (null, $"the brush RLE ends after {i} of {count} values");
                }

                if (value != 0)
                {
                    bounds.AddAlphaRange(i, i + 1);
                }
            }
        }

        return (bounds.ToBox(), null);
    }

    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private long position;

        public bool TryRead(int bits, out long value)
        {
            value = 0;
            if (position + bits > (long)data.Length * 8)
            {
                return false;
            }

            for (var b = 0; b < bits; b++, position++)
            {
                var bit = (data[(int)(position >> 3)] >> (7 - (int)(position & 7))) & 1;
                value = (value << 1) | (uint)bit;
            }

            return true;
        }
    }

    private struct MaskBounds(int width)
    {
        private long minX = long.MaxValue, minY = long.MaxValue, maxX = -1, maxY = -1;

        /// <summary>Adds the pixels whose alpha value lies in the value index range [start, end).</summary>
        public void AddAlphaRange(long start, long end)
        {
            var firstAlpha = start + ((3 - (start % 4)) % 4);
            var lastAlpha = end - 1 - ((end - 1 - 3) % 4 + 4) % 4;
            if (firstAlpha > end - 1 || lastAlpha < firstAlpha)
            {
                return;
            }

            long p0 = firstAlpha / 4, p1 = lastAlpha / 4;
            long y0 = p0 / width, y1 = p1 / width;
            minY = Math.Min(minY, y0);
            maxY = Math.Max(maxY, y1);
            minX = Math.Min(minX, y1 > y0 ? 0 : p0 % width);
            maxX = Math.Max(maxX, y1 > y0 ? width - 1 : p1 % width);
        }

        public readonly PixelBox? ToBox() =>
            maxX < 0 ? null : new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
