using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// How to call a plugin's handler for one contract message type. The delegate is built inside the plugin's
/// generic registration call and is dropped with the plugin's load context.
/// </summary>
/// <param name="ReplyType">The contract reply type for request handlers, else null.</param>
/// <param name="Invoke">Calls the handler in its scope with the message, its context and what <paramref name="Prepare"/> returned.</param>
/// <param name="Prepare">The handler's first step, run in a scope of its own before the unit of work begins; null for one-step handlers.</param>
internal sealed record HandlerBinding(
    Type MessageType,
    Type? ReplyType,
    Func<IServiceProvider, object, MessageContext, object?, CancellationToken, Task<object?>> Invoke,
    Func<IServiceProvider, object, CancellationToken, Task<object?>>? Prepare = null);

/// <summary>A recurring job a plugin declared; <see cref="CreateMessage"/> runs at fire time.</summary>
internal sealed record CronJobDeclaration(string Name, string Cron, Type MessageType, Func<DateTimeOffset, object> CreateMessage, MisfirePolicy Misfire);
