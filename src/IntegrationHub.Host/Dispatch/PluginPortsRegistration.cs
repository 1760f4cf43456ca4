using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Scheduling;
using MassTransit;

namespace IntegrationHub.Host.Dispatch;

internal static class PluginPortsRegistration
{
    /// <summary>
    /// Registers a plugin's <see cref="IOutbox"/>, <see cref="IMessagePublisher"/> and <see cref="IPluginScheduler"/>
    /// in its own container. They are transient and chosen by the scope they are resolved in: a handler's scope gets
    /// the ports of its unit of work (the same the handler's <c>MessageContext</c> carries); any other scope, and
    /// every singleton, gets ones that commit on their own (outbox), publish straight away (publisher) or apply at
    /// once (scheduler).
    /// </summary>
    public static IServiceCollection AddPluginPorts(this IServiceCollection pluginServices, IServiceProvider hostServices, string plugin)
    {
        var scopes = hostServices.GetRequiredService<HandlerScopes>();
        var contracts = hostServices.GetRequiredService<ContractRegistry>();
        var outbox = hostServices.GetRequiredService<OutboxPorts>().OwnCommitOutbox(plugin);
        var publisher = new BusPublisher(hostServices.GetRequiredService<IContractPublisher>(), contracts, plugin);
        var scheduler = new PluginScheduler(hostServices.GetRequiredService<TimerWriter>(), contracts, plugin);
        pluginServices.AddTransient<IOutbox>(sp => scopes.Find(sp)?.Outbox ?? outbox);
        pluginServices.AddTransient<IMessagePublisher>(sp => scopes.Find(sp)?.Publisher ?? publisher);
        pluginServices.AddTransient<IPluginScheduler>(sp => scopes.Find(sp)?.Scheduler ?? scheduler);
        return pluginServices;
    }
}
