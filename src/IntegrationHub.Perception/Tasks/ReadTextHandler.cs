using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Ocr;

namespace IntegrationHub.Perception.Tasks;

/// <summary>OCR: the text lines of each image (or of the given regions), through the <see cref="OcrPipeline"/>.</summary>
public sealed class ReadTextHandler(ImageRequests requests)
{
    public Task<ReadTextReply> HandleAsync(ReadTextRequest request, CancellationToken cancellationToken) =>
        requests.RunAsync(
            request.Model ?? requests.Settings.DefaultOcrModel,
            request.Images,
            ["ocr"],
            model => Task.FromResult<Func<ImageInput, SkiaSharp.SKBitmap, Task<ImageText>>>(
                (image, bitmap) => Task.FromResult(new ImageText(image.Id, OcrPipeline.ReadText(model, bitmap, request.Regions)))),
            (image, error) => new ImageText(image.Id, [], error),
            (results, meta, error) => new ReadTextReply(results, meta, error),
            cancellationToken);
}
