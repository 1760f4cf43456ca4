using SkiaSharp;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>A photograph's luminance (0–255), row by row: what the plugin's image rules look at.</summary>
public sealed class GrayImage
{
    private GrayImage(int width, int height, float[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    public float this[int x, int y] => Pixels[y * Width + x];

    /// <summary>Decodes the file; throws <see cref="InvalidDataException"/> when it is not an image.</summary>
    public static GrayImage Load(string path)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException("the file does not decode as an image");
        using var rgba = decoded.ColorType == SKColorType.Rgba8888 ? null : decoded.Copy(SKColorType.Rgba8888);
        var bitmap = rgba ?? decoded;
        var bytes = bitmap.GetPixelSpan();
        var pixels = new float[bitmap.Width * bitmap.Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = 0.299f * bytes[i * 4] + 0.587f * bytes[i * 4 + 1] + 0.114f * bytes[i * 4 + 2];
        }

        return new GrayImage(bitmap.Width, bitmap.Height, pixels);
    }

    public static GrayImage From(int width, int height, float[] pixels) => new(width, height, pixels);
}

/// <summary>A rectangle in image pixels.</summary>
public sealed record PixelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;
}
