using IntegrationHub.Contracts.Plugins;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace IntegrationHub.Host.Api;

/// <summary>
/// Streams a <c>multipart/form-data</c> request to a folder part by part, for endpoints that take a
/// <see cref="MultipartUpload"/>: large uploads (an inspection run's photographs) never sit whole in memory.
/// </summary>
internal static class MultipartUploadReader
{
    private const int MaxFieldLength = 1024 * 1024;

    /// <summary>The upload, or null with the reason when the request is not multipart.</summary>
    public static async Task<(MultipartUpload? Upload, string? Error)> ReadAsync(HttpRequest request, string folder, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "A multipart/form-data body is required.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, "The multipart body has no boundary.");
        }

        Directory.CreateDirectory(folder);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var files = new List<UploadedFile>();
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (disposition.IsFileDisposition())
            {
                var fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty);
                var path = Path.Combine(folder, $"{files.Count:D6}.part");
                await using (var target = File.Create(path))
                {
                    await section.Body.CopyToAsync(target, cancellationToken);
                }

                files.Add(new UploadedFile(name, fileName, section.ContentType, path, new FileInfo(path).Length));
            }
            else
            {
                using var text = new StreamReader(section.Body);
                var value = await text.ReadToEndAsync(cancellationToken);
                if (value.Length > MaxFieldLength)
                {
                    return (null, $"The form field '{name}' is longer than {MaxFieldLength} characters; send it as a file.");
                }

                fields.TryAdd(name, value);
            }
        }

        return (new MultipartUpload(fields, files), null);
    }
}
