using IntegrationHub.Host.Messaging.Consuming;
using MassTransit;

namespace IntegrationHub.Host.Dispatch;

/// <summary>The host's consumer of one contract event or command on one plugin's endpoint.</summary>
internal sealed class PluginMessageConsumer<TMessage>(PluginDispatcher dispatcher, string pluginId) : IConsumer<TMessage>
    where TMessage : class
{
    public Task Consume(ConsumeContext<TMessage> context) =>
        dispatcher.DispatchAsync(pluginId, new ConsumeContextMessage(context), context.Message, typeof(TMessage), isRequest: false);
}

/// <summary>The host's consumer of one contract request a plugin answers; responds with the handler's reply.</summary>
internal sealed class PluginRequestConsumer<TRequest, TReply>(PluginDispatcher dispatcher, string pluginId) : IConsumer<TRequest>
    where TRequest : class
    where TReply : class
{
    public async Task Consume(ConsumeContext<TRequest> context)
    {
        var reply = await dispatcher.DispatchAsync(pluginId, new ConsumeContextMessage(context), context.Message, typeof(TRequest), isRequest: true);
        await context.RespondAsync((TReply)reply!);
    }
}
