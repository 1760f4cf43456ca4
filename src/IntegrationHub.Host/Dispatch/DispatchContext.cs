using IntegrationHub.Host.Messaging.Consuming;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Plugins;
using MassTransit;

namespace IntegrationHub.Host.Dispatch;

/// <summary>How a dispatch ended when no exception left it.</summary>
internal enum DispatchOutcome
{
    /// <summary>Not (yet) handled.</summary>
    None,

    /// <summary>The handler ran and its unit of work committed.</summary>
    Handled,

    /// <summary>The inbox had it already: acknowledged without running the handler.</summary>
    Duplicate,

    /// <summary>It failed and is scheduled to come back later.</summary>
    Redelivering,
}

/// <summary>One message on its way through the <see cref="DispatchPipeline"/> to one plugin's handler.</summary>
internal sealed class DispatchContext(PluginRuntime runtime, IncomingMessage incoming, object message, Type messageType, string contract, bool isRequest)
{
    public PluginRuntime Runtime { get; } = runtime;

    public string PluginId => Runtime.Manifest.Id;

    public IncomingMessage Incoming { get; } = incoming;

    public object Message { get; } = message;

    public Type MessageType { get; } = messageType;

    /// <summary>The contract name of <see cref="MessageType"/>.</summary>
    public string Contract { get; } = contract;

    /// <summary>A request wants a reply now: it skips the inbox and is not redelivered later.</summary>
    public bool IsRequest { get; } = isRequest;

    public Guid MessageId { get; } = incoming.MessageId ?? NewId.NextGuid();

    public CancellationToken CancellationToken => Incoming.CancellationToken;

    /// <summary>1 on first delivery, then 2, 3… across immediate retries and delayed redeliveries.</summary>
    public int Attempt { get; set; } = 1;

    // Per attempt, set by the filters on the way in.
    public LoadedPlugin? Plugin { get; set; }

    public HandlerBinding? Binding { get; set; }

    /// <summary>What a two-step handler prepared before the unit of work (see <c>PrepareFilter</c>).</summary>
    public object? Prepared { get; set; }

    public HandlerUnitOfWork? Work { get; set; }

    public object? Reply { get; set; }

    public DispatchOutcome Outcome { get; set; }
}
