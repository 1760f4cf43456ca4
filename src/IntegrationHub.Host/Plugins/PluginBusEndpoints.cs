using System.Collections.Concurrent;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Consuming;
using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Telemetry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Connects each plugin's queue (<c>plugin.{id}</c>) at run time, handing its messages to the
/// <see cref="PluginDispatcher"/>: on RabbitMQ with the hub's own consumer (<see cref="RabbitMqPluginQueue"/>), on the
/// in-memory bus as a MassTransit receive endpoint with host consumers typed by contracts only. One per plugin for the
/// process's life: a reload swaps the plugin behind it, not the queue.
/// </summary>
internal sealed class PluginBusEndpoints(
    IServiceProvider hostServices,
    IReceiveEndpointConnector bus,
    ReceiveEndpointConventions conventions,
    IOptions<HubOptions> options,
    ContractRegistry contracts,
    ILogger<PluginBusEndpoints> logger)
{
    private readonly ConcurrentDictionary<string, RabbitMqPluginQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostReceiveEndpointHandle> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    public static string QueueName(string pluginId) => $"plugin.{pluginId.ToLowerInvariant()}";

    /// <summary>The plugin queues on RabbitMQ that are not consuming now (MassTransit's endpoints report to the bus's health).</summary>
    public IReadOnlyList<string> NotConsuming => _queues.Values.Where(q => !q.IsConsuming).Select(q => q.Queue).ToList();

    /// <summary>Stops the plugin queues on RabbitMQ, finishing the messages in hand, before the plugins stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues.Values)
        {
            await queue.StopAsync(cancellationToken);
        }
    }

    private PluginQueueServices QueueServices(PluginDispatcher dispatcher) => new(
        dispatcher,
        contracts,
        hostServices.GetRequiredService<FailedDeliveries>(),
        hostServices.GetRequiredService<RequestReplies>(),
        hostServices.GetRequiredService<HubMetrics>(),
        hostServices.GetRequiredService<QueueActivity>(),
        options.Value,
        logger);

    public async Task ConnectAsync(PluginRuntime runtime, LoadedPlugin loaded, CancellationToken cancellationToken)
    {
        var id = runtime.Manifest.Id;
        if (_endpoints.ContainsKey(id) || _queues.ContainsKey(id))
        {
            var added = loaded.Handlers.Keys.Except(runtime.Subscriptions).Select(contracts.NameOf).ToList();
            if (added.Count > 0)
            {
                logger.LogWarning("Plugin {Plugin} now also handles {Types}; the bus subscribes to them at the next hub start", id, string.Join(", ", added));
            }

            return;
        }

        // Resolved here, not injected: the dispatcher needs the plugin manager, which needs this.
        var dispatcher = hostServices.GetRequiredService<PluginDispatcher>();
        var hub = options.Value;
        // MassTransit keeps this configuration callback for the endpoint's lifetime: it must capture contract
        // types only, never the load (which would pin the plugin's load context after an unload).
        var subscriptions = loaded.Handlers.Values.Select(b => (b.MessageType, b.ReplyType)).ToList();
        if (hub.Bus.Transport == BusTransport.RabbitMq)
        {
            var queue = new RabbitMqPluginQueue(id, QueueName(id), subscriptions, QueueServices(dispatcher));
            await queue.StartAsync(cancellationToken);
            _queues[id] = queue;
            runtime.Subscriptions = loaded.Handlers.Keys.ToList();
            return;
        }

        var handle = bus.ConnectReceiveEndpoint(QueueName(id), (_, endpoint) =>
        {
            endpoint.PrefetchCount = hub.Bus.PrefetchCount;
            endpoint.ConcurrentMessageLimit = hub.Bus.ConcurrencyLimit;
            conventions.Apply(endpoint);
            foreach (var (messageType, replyType) in subscriptions)
            {
                ConsumerRegistration.Add(endpoint, messageType, replyType, dispatcher, id);
            }
        });
        await handle.Ready.WaitAsync(cancellationToken);
        _endpoints[id] = handle;
        runtime.Subscriptions = loaded.Handlers.Keys.ToList();
    }
}
