using System.Collections.Concurrent;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Connects each plugin's receive endpoint (<c>plugin.{id}</c>) at run time: host consumers typed by contracts
/// only, handing messages to the <see cref="PluginDispatcher"/>. One endpoint per plugin for the process's life:
/// a reload swaps the plugin behind it, not the endpoint.
/// </summary>
internal sealed class PluginBusEndpoints(
    IServiceProvider hostServices,
    IReceiveEndpointConnector bus,
    ReceiveEndpointConventions conventions,
    IOptions<HubOptions> options,
    ContractRegistry contracts,
    ILogger<PluginBusEndpoints> logger)
{
    private readonly ConcurrentDictionary<string, HostReceiveEndpointHandle> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    public static string QueueName(string pluginId) => $"plugin.{pluginId.ToLowerInvariant()}";

    public async Task ConnectAsync(PluginRuntime runtime, LoadedPlugin loaded, CancellationToken cancellationToken)
    {
        var id = runtime.Manifest.Id;
        if (_endpoints.ContainsKey(id))
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
