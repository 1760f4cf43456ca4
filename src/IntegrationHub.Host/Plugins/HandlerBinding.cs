using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// How to call a plugin's handler for one contract message type. The delegate is built inside the plugin's
/// generic registration call and is dropped with the plugin's load context.
/// </summary>
/// <param name="ReplyType">The contract reply type for request handlers, else null.</param>
internal sealed record HandlerBinding(
    Type MessageType,
    Type? ReplyType,
    Func<IServiceProvider, object, MessageContext, CancellationToken, Task<object?>> Invoke);

/// <summary>A recurring job a plugin declared; <see cref="CreateMessage"/> runs at fire time.</summary>
internal sealed record CronJobDeclaration(string Name, string Cron, Type MessageType, Func<DateTimeOffset, object> CreateMessage, MisfirePolicy Misfire);
