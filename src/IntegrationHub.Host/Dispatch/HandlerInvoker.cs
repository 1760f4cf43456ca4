using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Scheduling;
using IntegrationHub.Storage.Documents;
using MessageContext = IntegrationHub.Contracts.Plugins.MessageContext;

namespace IntegrationHub.Host.Dispatch;

/// <summary>
/// The end of the pipeline: calls the plugin's handler in a DI scope of its own, with the unit of work's store and
/// ports in its <see cref="MessageContext"/> and, for services of that scope, behind the SDK's
/// <see cref="IOutbox"/>, <see cref="IMessagePublisher"/> and <see cref="IPluginScheduler"/>.
/// </summary>
internal sealed class HandlerInvoker(HandlerScopes scopes, TimerWriter timers, Messaging.ContractRegistry contracts)
{
    public async Task InvokeAsync(DispatchContext context)
    {
        var plugin = context.Plugin!;
        var work = context.Work!;
        var incoming = context.Incoming;
        var messageContext = new MessageContext(
            context.MessageId,
            context.Contract,
            incoming.CorrelationId,
            context.Attempt,
            incoming.HeadersText(),
            plugin.Services.GetRequiredService<DocumentStore>().WithUnitOfWork(work.Transaction),
            work.Deliveries,
            work.Publishes);

        await using var scope = plugin.Services.CreateAsyncScope();
        using var ports = scopes.Enter(scope.ServiceProvider, new HandlerPorts(work.Deliveries, work.Publishes, new PluginScheduler(timers, contracts, context.PluginId, work)));
        context.Reply = await context.Binding!.Invoke(scope.ServiceProvider, context.Message, messageContext, context.Prepared, context.CancellationToken);
        context.Outcome = DispatchOutcome.Handled;
    }
}
