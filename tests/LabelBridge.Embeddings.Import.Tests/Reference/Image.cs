namespace LabelBridge.Embeddings.Import.Tests.Reference;

/// <summary>A batch of NHWC images, row-major.</summary>
internal sealed class Image(int batch, int height, int width, int channels)
{
    public int Batch { get; } = batch;

    public int Height { get; } = height;

    public int Width { get; } = width;

    public int Channels { get; } = channels;

    public float[] Data { get; } = new float[batch * height * width * channels];

    public float this[int n, int h, int w, int c]
    {
        get => Data[Index(n, h, w, c)];
        set => Data[Index(n, h, w, c)] = value;
    }

    public Image Map(Func<float, int, float> map) => Map((value, channel, _) => map(value, channel));

    public Image Map(Func<float, int, int, float> map)
    {
        var result = new Image(Batch, Height, Width, Channels);
        for (var i = 0; i < Data.Length; i++)
        {
            result.Data[i] = map(Data[i], i % Channels, i);
        }

        return result;
    }

    private int Index(int n, int h, int w, int c) => (((((n * Height) + h) * Width) + w) * Channels) + c;
}
