using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Tasks;

namespace IntegrationHub.Perception;

/// <summary>Routes each request to its task's handler (<c>Tasks/</c>).</summary>
public sealed class PerceptionService(
    DetectHandler detect, ClassifyHandler classify, EmbedHandler embed, ReadTextHandler readText, LocateHandler locate, MeasureCracksHandler measureCracks)
    : IPerceptionService
{
    public Task<DetectReply> DetectAsync(DetectRequest request, CancellationToken cancellationToken = default) =>
        detect.HandleAsync(request, cancellationToken);

    public Task<ClassifyReply> ClassifyAsync(ClassifyRequest request, CancellationToken cancellationToken = default) =>
        classify.HandleAsync(request, cancellationToken);

    public Task<EmbedReply> EmbedAsync(EmbedRequest request, CancellationToken cancellationToken = default) =>
        embed.HandleAsync(request, cancellationToken);

    public Task<ReadTextReply> ReadTextAsync(ReadTextRequest request, CancellationToken cancellationToken = default) =>
        readText.HandleAsync(request, cancellationToken);

    public Task<LocateReply> LocateAsync(LocateRequest request, CancellationToken cancellationToken = default) =>
        locate.HandleAsync(request, cancellationToken);

    public Task<MeasureCracksReply> MeasureCracksAsync(MeasureCracksRequest request, CancellationToken cancellationToken = default) =>
        measureCracks.HandleAsync(request, cancellationToken);
}
