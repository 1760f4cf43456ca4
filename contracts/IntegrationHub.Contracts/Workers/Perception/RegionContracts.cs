using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Workers.Perception;

/// <summary>
/// Where in a large image a tile classifier sees one of <paramref name="Labels"/>: the image is cut into a sliding
/// window of tiles (the model's trained tile size unless given), each tile classified, and the tiles whose best label
/// is one of <paramref name="Labels"/> with at least <paramref name="ScoreThreshold"/> come back as detections.
/// </summary>
/// <param name="Overlap">Fraction of a tile the next one overlaps, 0 to 0.9.</param>
[MessageContract("perception.locate")]
public sealed record LocateRequest(
    string Model,
    IReadOnlyList<ImageInput> Images,
    IReadOnlyList<string> Labels,
    float ScoreThreshold = 0.5f,
    int? TileWidth = null,
    int? TileHeight = null,
    float Overlap = 0f) : IRequest<LocateReply>;

/// <summary>Per image: its size and the located tiles (box in the image's pixels, label, score).</summary>
[MessageContract("perception.locate-reply")]
public sealed record LocateReply(IReadOnlyList<ImageDetections> Results, PerceptionMeta? Meta, ContractError? Error = null);

/// <summary>
/// Cracks (thin dark lines on a lighter surface) in each image, or in its <paramref name="Regions"/>: segmented,
/// skeletonised and measured. Lengths and widths are in pixels, and in millimetres when
/// <paramref name="MillimetresPerPixel"/> is given.
/// </summary>
[MessageContract("perception.measure-cracks")]
public sealed record MeasureCracksRequest(
    IReadOnlyList<ImageInput> Images, IReadOnlyList<BoundingBox>? Regions = null, double? MillimetresPerPixel = null) : IRequest<MeasureCracksReply>;

public sealed record ImagePoint(float X, float Y);

/// <summary>One crack: its box, skeleton length, widths across it, and its skeleton (image pixels, sampled along it).</summary>
public sealed record CrackMeasurement(
    BoundingBox Box,
    double LengthPx,
    double MaxWidthPx,
    double MeanWidthPx,
    double? LengthMm,
    double? MaxWidthMm,
    double? MeanWidthMm,
    IReadOnlyList<ImagePoint> Skeleton);

public sealed record ImageCracks(string? ImageId, int Width, int Height, IReadOnlyList<CrackMeasurement> Cracks, ContractError? Error = null);

[MessageContract("perception.measure-cracks-reply")]
public sealed record MeasureCracksReply(IReadOnlyList<ImageCracks> Results, PerceptionMeta? Meta, ContractError? Error = null);
