namespace LabelBridge.Emulators.LabelStudio;

/// <summary>Encodes masks the way Label Studio's brush tool stores them: RGBA pixels packed with thi.ng's rle-pack.</summary>
/// <remarks>Header: 32-bit value count, 5-bit word size − 1 (8-bit words), four 4-bit run-length field sizes − 1; then runs of
/// (flag bit 1 = repeat, 2-bit size index, length − 1, value). This encoder writes repeat runs only, which decoders accept.</remarks>
public static class BrushMasks
{
    private static readonly int[] RunSizes = [3, 6, 10, 16];

    /// <summary>The RLE of a <paramref name="width"/>×<paramref name="height"/> mask where <paramref name="isSet"/>(x, y) is painted.</summary>
    public static int[] Encode(int width, int height, Func<int, int, bool> isSet)
    {
        var values = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (isSet(x, y))
                {
                    values.AsSpan(((y * width) + x) * 4, 4).Fill(255);
                }
            }
        }

        var writer = new BitWriter();
        writer.Write(values.Length, 32);
        writer.Write(7, 5);
        foreach (var size in RunSizes)
        {
            writer.Write(size - 1, 4);
        }

        var i = 0;
        while (i < values.Length)
        {
            var j = i + 1;
            while (j < values.Length && values[j] == values[i] && j - i < (1 << RunSizes[^1]))
            {
                j++;
            }

            var length = j - i;
            var index = Array.FindIndex(RunSizes, s => length <= 1 << s);
            writer.Write(1, 1);
            writer.Write(index, 2);
            writer.Write(length - 1, RunSizes[index]);
            writer.Write(values[i], 8);
            i = j;
        }

        return writer.ToArray();
    }

    /// <summary>A filled rectangle [x0, x1) × [y0, y1).</summary>
    public static int[] Rectangle(int width, int height, int x0, int y0, int x1, int y1) =>
        Encode(width, height, (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1);

    private sealed class BitWriter
    {
        private readonly List<byte> bytes = [];
        private int bitCount;

        public void Write(long value, int bits)
        {
            for (var b = bits - 1; b >= 0; b--)
            {
                if (bitCount % 8 == 0)
                {
                    bytes.Add(0);
                }

                if (((value >> b) & 1) == 1)
                {
                    bytes[^1] |= (byte)(1 << (7 - (bitCount % 8)));
                }

                bitCount++;
            }
        }

        public int[] ToArray() => [.. bytes.Select(b => (int)b)];
    }
}
