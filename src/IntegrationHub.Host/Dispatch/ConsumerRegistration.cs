using System.Reflection;
using MassTransit;

namespace IntegrationHub.Host.Dispatch;

/// <summary>Adds the host's generic consumer, closed over a contract type, for one plugin handler.</summary>
internal static class ConsumerRegistration
{
    private static readonly MethodInfo AddMessage = typeof(ConsumerRegistration).GetMethod(nameof(AddMessageConsumer), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AddRequest = typeof(ConsumerRegistration).GetMethod(nameof(AddRequestConsumer), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static void Add(IReceiveEndpointConfigurator endpoint, Type messageType, Type? replyType, PluginDispatcher dispatcher, string pluginId)
    {
        var method = replyType is null
            ? AddMessage.MakeGenericMethod(messageType)
            : AddRequest.MakeGenericMethod(messageType, replyType);
        method.Invoke(null, [endpoint, dispatcher, pluginId]);
    }

    private static void AddMessageConsumer<TMessage>(IReceiveEndpointConfigurator endpoint, PluginDispatcher dispatcher, string pluginId)
        where TMessage : class =>
        endpoint.Consumer(() => new PluginMessageConsumer<TMessage>(dispatcher, pluginId));

    private static void AddRequestConsumer<TRequest, TReply>(IReceiveEndpointConfigurator endpoint, PluginDispatcher dispatcher, string pluginId)
        where TRequest : class
        where TReply : class =>
        endpoint.Consumer(() => new PluginRequestConsumer<TRequest, TReply>(dispatcher, pluginId));
}
