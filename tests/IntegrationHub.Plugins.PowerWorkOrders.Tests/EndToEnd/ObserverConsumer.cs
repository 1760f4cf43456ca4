using IntegrationHub.Contracts.Power.Events;
using MassTransit;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>Puts the plugin's contract events into the test's <see cref="ObservedMessages"/>.</summary>
public sealed class ObserverConsumer(ObservedMessages observed) :
    IConsumer<WorkOrderStatusChanged>,
    IConsumer<WorkOrderEscalated>,
    IConsumer<OutageNoticeSummary>,
    IConsumer<VoiceCallCompleted>,
    IConsumer<OperationTicketValidated>,
    IConsumer<CampaignCompleted>,
    IConsumer<CampaignFailed>
{
    public Task Consume(ConsumeContext<WorkOrderStatusChanged> context) => Add(context.Message);

    public Task Consume(ConsumeContext<WorkOrderEscalated> context) => Add(context.Message);

    public Task Consume(ConsumeContext<OutageNoticeSummary> context) => Add(context.Message);

    public Task Consume(ConsumeContext<VoiceCallCompleted> context) => Add(context.Message);

    public Task Consume(ConsumeContext<OperationTicketValidated> context) => Add(context.Message);

    public Task Consume(ConsumeContext<CampaignCompleted> context) => Add(context.Message);

    public Task Consume(ConsumeContext<CampaignFailed> context) => Add(context.Message);

    private Task Add(object message)
    {
        observed.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
