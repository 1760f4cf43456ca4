using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Geometry;
using IntegrationHub.Perception.Imaging;
using SkiaSharp;

namespace IntegrationHub.Perception.Tasks;

/// <summary>Crack geometry (no model): each image, or each of its regions, segmented, skeletonised and measured.</summary>
public sealed class MeasureCracksHandler(ImageRequests requests)
{
    public const string Name = "crack-geometry";

    private readonly CrackGeometry _geometry = new(requests.Settings.Cracks);

    public Task<MeasureCracksReply> HandleAsync(MeasureCracksRequest request, CancellationToken cancellationToken)
    {
        if (request.MillimetresPerPixel is { } scale && (scale <= 0 || !double.IsFinite(scale)))
        {
            return Task.FromResult(new MeasureCracksReply(
                [], new PerceptionMeta(Name, "CPU", 0), new(PerceptionErrors.RequestInvalid, $"MillimetresPerPixel must be a positive number, not {scale}.")));
        }

        return requests.RunAsync(
            Name,
            request.Images,
            (image, bitmap) => Task.FromResult(new ImageCracks(image.Id, bitmap.Width, bitmap.Height, Measure(bitmap, request))),
            (image, error) => new ImageCracks(image.Id, 0, 0, [], error),
            (results, meta, error) => new MeasureCracksReply(results, meta, error),
            cancellationToken);
    }

    private List<CrackMeasurement> Measure(SKBitmap bitmap, MeasureCracksRequest request)
    {
        var regions = request.Regions is { Count: > 0 }
            ? request.Regions.Select(r => Preprocess.Region(r, bitmap))
            : [new SKRect(0, 0, bitmap.Width, bitmap.Height)];
        return [.. regions.SelectMany(r => _geometry.Measure(bitmap, SKRectI.Round(r), request.MillimetresPerPixel))];
    }
}
