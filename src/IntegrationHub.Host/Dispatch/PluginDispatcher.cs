using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Consuming;
using IntegrationHub.Host.Plugins;

namespace IntegrationHub.Host.Dispatch;

/// <summary>
/// Hands a message from the host's consumer to the plugin handler that declared it, through the
/// <see cref="DispatchPipeline"/> (validation, metrics, retry policy, tracing, reload gate, unit of work, inbox).
/// </summary>
internal sealed class PluginDispatcher(PluginManager plugins, ContractRegistry contracts, DispatchPipeline pipeline)
{
    public async Task<object?> DispatchAsync(string pluginId, IncomingMessage incoming, object message, Type messageType, bool isRequest)
    {
        var runtime = plugins.Get(pluginId) ?? throw new PluginUnavailableException(pluginId, "not installed");
        var dispatch = new DispatchContext(runtime, incoming, message, messageType, contracts.NameOf(messageType), isRequest);
        await pipeline.RunAsync(dispatch);
        return dispatch.Reply;
    }
}
