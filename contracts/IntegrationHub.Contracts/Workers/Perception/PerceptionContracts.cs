using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Workers.Perception;

/// <summary>
/// An image, inline or by reference. A reference is a file path under one of the worker's allowed folders
/// (or a URL on an allowed host); anything else is refused with <c>image.reference-not-allowed</c>.
/// </summary>
public sealed record ImageInput(string? Id = null, byte[]? Bytes = null, string? Reference = null);

/// <summary>A box in the original image's pixels.</summary>
public sealed record BoundingBox(float X, float Y, float Width, float Height);

/// <summary>Fields every perception reply carries.</summary>
/// <param name="Model">Model name from its manifest.</param>
/// <param name="ExecutionProvider">CPU or CUDA.</param>
public sealed record PerceptionMeta(string Model, string ExecutionProvider, double LatencyMs);

[MessageContract("perception.detect")]
public sealed record DetectRequest(
    string Model,
    IReadOnlyList<ImageInput> Images,
    IReadOnlyList<string>? ClassNames = null,
    float? ScoreThreshold = null,
    float? IouThreshold = null,
    int? MaxDetections = null) : IRequest<DetectReply>;

public sealed record Detection(string Label, int ClassId, float Score, BoundingBox Box);

public sealed record ImageDetections(string? ImageId, int Width, int Height, IReadOnlyList<Detection> Detections, ContractError? Error = null);

[MessageContract("perception.detect-reply")]
public sealed record DetectReply(IReadOnlyList<ImageDetections> Results, PerceptionMeta? Meta, ContractError? Error = null);

[MessageContract("perception.classify")]
public sealed record ClassifyRequest(string Model, IReadOnlyList<ImageInput> Images, int TopK = 5, BoundingBox? Crop = null) : IRequest<ClassifyReply>;

public sealed record ClassLabel(string Label, int ClassId, float Score);

public sealed record ImageClassification(string? ImageId, IReadOnlyList<ClassLabel> Labels, ContractError? Error = null);

[MessageContract("perception.classify-reply")]
public sealed record ClassifyReply(IReadOnlyList<ImageClassification> Results, PerceptionMeta? Meta, ContractError? Error = null);

/// <param name="Regions">Regions to read; null reads the whole image (text detection finds the lines).</param>
[MessageContract("perception.read-text")]
public sealed record ReadTextRequest(IReadOnlyList<ImageInput> Images, IReadOnlyList<BoundingBox>? Regions = null, string? Model = null) : IRequest<ReadTextReply>;

public sealed record TextLine(string Text, BoundingBox Box, float Confidence);

public sealed record ImageText(string? ImageId, IReadOnlyList<TextLine> Lines, ContractError? Error = null);

[MessageContract("perception.read-text-reply")]
public sealed record ReadTextReply(IReadOnlyList<ImageText> Results, PerceptionMeta? Meta, ContractError? Error = null);

[MessageContract("perception.embed")]
public sealed record EmbedRequest(IReadOnlyList<ImageInput> Images, string? Model = null) : IRequest<EmbedReply>;

/// <param name="Vector">L2-normalised.</param>
public sealed record ImageEmbedding(string? ImageId, float[] Vector, ContractError? Error = null);

[MessageContract("perception.embed-reply")]
public sealed record EmbedReply(IReadOnlyList<ImageEmbedding> Results, PerceptionMeta? Meta, ContractError? Error = null);
