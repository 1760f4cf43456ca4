using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Perception;

/// <summary>
/// What the bus consumers, the CLI and in-process callers use. Never throws for bad input or a bad model:
/// the reply carries a <see cref="IntegrationHub.Contracts.Messaging.ContractError"/> (request-wide or per image).
/// </summary>
public interface IPerceptionService
{
    Task<DetectReply> DetectAsync(DetectRequest request, CancellationToken cancellationToken = default);

    Task<ClassifyReply> ClassifyAsync(ClassifyRequest request, CancellationToken cancellationToken = default);

    Task<ReadTextReply> ReadTextAsync(ReadTextRequest request, CancellationToken cancellationToken = default);

    Task<EmbedReply> EmbedAsync(EmbedRequest request, CancellationToken cancellationToken = default);

    Task<LocateReply> LocateAsync(LocateRequest request, CancellationToken cancellationToken = default);

    Task<MeasureCracksReply> MeasureCracksAsync(MeasureCracksRequest request, CancellationToken cancellationToken = default);
}
