using IntegrationHub.Contracts.Workers.Perception;
using SkiaSharp;

namespace IntegrationHub.Perception.Imaging;

/// <summary>
/// Decodes inline bytes or an allowed file reference into an RGBA bitmap, refusing what would hurt the worker
/// (empty, corrupt, truncated, unsupported, huge) before any large allocation: the size is read from the header first.
/// </summary>
public sealed class ImageLoader(PerceptionOptions options, HttpClient? http = null)
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = options.UrlTimeout };

    private readonly string[] _allowed = [.. options.AllowedFolders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)) + Path.DirectorySeparatorChar)];

    public async Task<SKBitmap> LoadAsync(ImageInput input, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (input.Bytes is not null)
        {
            bytes = input.Bytes;
        }
        else if (!string.IsNullOrEmpty(input.Reference))
        {
            bytes = await ReadReferenceAsync(input.Reference, cancellationToken);
        }
        else
        {
            throw new PerceptionException(PerceptionErrors.ImageMissing, "The image has neither bytes nor a reference.");
        }

        return Decode(bytes);
    }

    private async Task<byte[]> ReadReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            return await ReadUrlAsync(uri, cancellationToken);
        }

        var path = Path.GetFullPath(uri?.IsFile == true ? uri.LocalPath : reference);
        if (!_allowed.Any(folder => path.StartsWith(folder, StringComparison.Ordinal)))
        {
            throw new PerceptionException(PerceptionErrors.ReferenceNotAllowed, $"Path '{path}' is outside the allowed folders (Perception:AllowedFolders).");
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(true)?.FullName ?? "";
            if (!_allowed.Any(folder => target.StartsWith(folder, StringComparison.Ordinal)))
            {
                throw new PerceptionException(PerceptionErrors.ReferenceNotAllowed, $"Path '{path}' links outside the allowed folders.");
            }
        }

        if (!info.Exists)
        {
            throw new PerceptionException(PerceptionErrors.ReferenceNotFound, $"No file at '{path}'.");
        }

        if (info.Length > options.MaxImageBytes)
        {
            throw new PerceptionException(PerceptionErrors.ImageTooLarge, $"'{path}' has {info.Length} bytes; the limit is {options.MaxImageBytes}.");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private async Task<byte[]> ReadUrlAsync(Uri uri, CancellationToken cancellationToken)
    {
        var allowedHost = (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && options.AllowedUrlHosts.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(h, uri.Authority, StringComparison.OrdinalIgnoreCase));
        if (!allowedHost)
        {
            throw new PerceptionException(PerceptionErrors.ReferenceNotAllowed, $"Reference '{uri}' is not a file under an allowed folder nor a URL on an allowed host (Perception:AllowedUrlHosts).");
        }

        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new PerceptionException(PerceptionErrors.ReferenceNotFound, $"GET {uri} answered {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > options.MaxImageBytes)
            {
                throw new PerceptionException(PerceptionErrors.ImageTooLarge, $"{uri} has {response.Content.Headers.ContentLength} bytes; the limit is {options.MaxImageBytes}.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > options.MaxImageBytes)
                {
                    throw new PerceptionException(PerceptionErrors.ImageTooLarge, $"{uri} is larger than {options.MaxImageBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new PerceptionException(PerceptionErrors.ReferenceNotFound, $"GET {uri} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PerceptionException(PerceptionErrors.ReferenceNotFound, $"GET {uri} timed out.", ex);
        }
    }

    public SKBitmap Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new PerceptionException(PerceptionErrors.ImageEmpty, "The image is empty (0 bytes).");
        }

        if (bytes.Length > options.MaxImageBytes)
        {
            throw new PerceptionException(PerceptionErrors.ImageTooLarge, $"The image has {bytes.Length} bytes; the limit is {options.MaxImageBytes}.");
        }

        // The codec takes ownership of the stream (Skia frees it, also when creation fails).
        using var codec = SKCodec.Create(new SKMemoryStream(bytes), out var result);
        if (codec is null)
        {
            var known = KnownUnsupportedFormat(bytes);
            throw known is not null
                ? new PerceptionException(PerceptionErrors.ImageUnsupported, $"{known} images are not supported (PNG, JPEG, WebP, GIF, BMP, ICO are).")
                : new PerceptionException(PerceptionErrors.ImageCorrupt, $"The bytes are not a readable image ({result}).");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            throw new PerceptionException(PerceptionErrors.ImageEmpty, $"The image is {width}×{height} pixels.");
        }

        if (width > options.MaxImageSide || height > options.MaxImageSide || (long)width * height > options.MaxImagePixels)
        {
            throw new PerceptionException(
                PerceptionErrors.ImageTooLarge,
                $"The image is {width}×{height} pixels; the limits are {options.MaxImageSide} per side and {options.MaxImagePixels} pixels.");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded is SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        throw decoded is SKCodecResult.IncompleteInput
            ? new PerceptionException(PerceptionErrors.ImageTruncated, "The image is truncated (its data ends early).")
            : new PerceptionException(PerceptionErrors.ImageCorrupt, $"The image could not be decoded ({decoded}).");
    }

    private static string? KnownUnsupportedFormat(ReadOnlySpan<byte> b) => b switch
    {
        [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "TIFF",
        [0x25, 0x50, 0x44, 0x46, ..] => "PDF",
        [0x38, 0x42, 0x50, 0x53, ..] => "PSD",
        [0x3C, ..] => "SVG/XML",
        [0x50, 0x36, ..] or [0x50, 0x33, ..] => "PPM",
        _ => null,
    };
}
