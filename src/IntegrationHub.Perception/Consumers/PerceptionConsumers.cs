using IntegrationHub.Contracts.Workers.Perception;
using MassTransit;

namespace IntegrationHub.Perception.Consumers;

public sealed class DetectConsumer(IPerceptionService service) : IConsumer<DetectRequest>
{
    public async Task Consume(ConsumeContext<DetectRequest> context) =>
        await context.RespondAsync(await service.DetectAsync(context.Message, context.CancellationToken));
}

public sealed class ClassifyConsumer(IPerceptionService service) : IConsumer<ClassifyRequest>
{
    public async Task Consume(ConsumeContext<ClassifyRequest> context) =>
        await context.RespondAsync(await service.ClassifyAsync(context.Message, context.CancellationToken));
}

public sealed class ReadTextConsumer(IPerceptionService service) : IConsumer<ReadTextRequest>
{
    public async Task Consume(ConsumeContext<ReadTextRequest> context) =>
        await context.RespondAsync(await service.ReadTextAsync(context.Message, context.CancellationToken));
}

public sealed class EmbedConsumer(IPerceptionService service) : IConsumer<EmbedRequest>
{
    public async Task Consume(ConsumeContext<EmbedRequest> context) =>
        await context.RespondAsync(await service.EmbedAsync(context.Message, context.CancellationToken));
}

public sealed class LocateConsumer(IPerceptionService service) : IConsumer<LocateRequest>
{
    public async Task Consume(ConsumeContext<LocateRequest> context) =>
        await context.RespondAsync(await service.LocateAsync(context.Message, context.CancellationToken));
}

public sealed class MeasureCracksConsumer(IPerceptionService service) : IConsumer<MeasureCracksRequest>
{
    public async Task Consume(ConsumeContext<MeasureCracksRequest> context) =>
        await context.RespondAsync(await service.MeasureCracksAsync(context.Message, context.CancellationToken));
}
