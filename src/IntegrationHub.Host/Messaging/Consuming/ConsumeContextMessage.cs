using MassTransit;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>A delivery MassTransit's receive endpoint took (in-memory bus, requests on RabbitMQ).</summary>
internal sealed class ConsumeContextMessage(ConsumeContext context) : IncomingMessage
{
    public ConsumeContext Context { get; } = context;

    public override Guid? MessageId => Context.MessageId;

    public override Guid? CorrelationId => Context.CorrelationId;

    public override DateTime? SentTime => Context.SentTime;

    public override string Queue => Context.ReceiveContext.InputAddress.AbsolutePath.Trim('/').Split('/')[^1];

    public override CancellationToken CancellationToken => Context.CancellationToken;

    public override object? Header(string name) => Context.Headers.TryGetHeader(name, out var value) ? value : null;

    public override Dictionary<string, string> HeadersText(bool scalarsOnly = false) => Context.Headers.ToText(scalarsOnly);
}
