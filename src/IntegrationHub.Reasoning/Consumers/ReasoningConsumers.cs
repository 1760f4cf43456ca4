using IntegrationHub.Contracts.Workers.Reasoning;
using MassTransit;

namespace IntegrationHub.Reasoning.Consumers;

// One consumer per skill on the "reasoning" endpoint; each answers every request with a reply (errors included).

public sealed class TextToSqlConsumer(IReasoningService reasoning) : IConsumer<TextToSqlRequest>
{
    public async Task Consume(ConsumeContext<TextToSqlRequest> context) =>
        await context.RespondAsync(await reasoning.TextToSqlAsync(context.Message, null, context.CancellationToken));
}

public sealed class ClassifyIntentConsumer(IReasoningService reasoning) : IConsumer<ClassifyIntentRequest>
{
    public async Task Consume(ConsumeContext<ClassifyIntentRequest> context) =>
        await context.RespondAsync(await reasoning.ClassifyIntentAsync(context.Message, context.CancellationToken));
}

public sealed class SummarizeConsumer(IReasoningService reasoning) : IConsumer<SummarizeRequest>
{
    public async Task Consume(ConsumeContext<SummarizeRequest> context) =>
        await context.RespondAsync(await reasoning.SummarizeAsync(context.Message, context.CancellationToken));
}

public sealed class DraftConsumer(IReasoningService reasoning) : IConsumer<DraftRequest>
{
    public async Task Consume(ConsumeContext<DraftRequest> context) =>
        await context.RespondAsync(await reasoning.DraftAsync(context.Message, context.CancellationToken));
}
