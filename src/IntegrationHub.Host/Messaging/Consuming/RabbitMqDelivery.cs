using System.Diagnostics;
using System.Text;
using MassTransit;
using RabbitMQ.Client;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// A delivery the hub's own RabbitMQ.Client consumer took off a plugin queue: its AMQP properties and headers, and
/// for an enveloped message the envelope's fields (<see cref="MessageEnvelope"/>), which take precedence.
/// </summary>
internal sealed class RabbitMqDelivery(string queue, IReadOnlyBasicProperties properties, IReadOnlyDictionary<string, object?>? envelope, CancellationToken cancellationToken)
    : IncomingMessage
{
    public override Guid? MessageId { get; } = Guid.TryParse(properties.MessageId, out var id) ? id
        : Guid.TryParse(envelope?.GetValueOrDefault(MessageHeaders.MessageId)?.ToString(), out id) ? id : null;

    public override Guid? CorrelationId { get; } = Guid.TryParse(properties.CorrelationId, out var id) ? id
        : Guid.TryParse(envelope?.GetValueOrDefault(MessageHeaders.CorrelationId)?.ToString(), out id) ? id : null;

    /// <summary>A NewId carries the moment it was made; the contract publisher sends no separate sent time.</summary>
    public override DateTime? SentTime => MessageId is { } id ? id.ToNewId().Timestamp : null;

    public override string Queue { get; } = queue;

    public string? ContentType { get; } = properties.ContentType;

    public override CancellationToken CancellationToken { get; } = cancellationToken;

    public override object? Header(string name) =>
        envelope is not null && envelope.TryGetValue(name, out var enveloped) ? enveloped
        : properties.Headers is { } headers && headers.TryGetValue(name, out var value) ? Scalar(value) : null;

    public override Dictionary<string, string> HeadersText(bool scalarsOnly = false)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.MessageId is { } messageId)
        {
            text[MessageHeaders.MessageId] = messageId;
        }

        foreach (var (name, value) in (properties.Headers ?? new Dictionary<string, object?>()).Concat(envelope ?? new Dictionary<string, object?>()))
        {
            var scalar = Scalar(value);
            if (!scalarsOnly || scalar is string or int or long or bool)
            {
                text[name] = scalar?.ToString() ?? string.Empty;
            }
        }

        return text;
    }

    /// <summary>The consume span, a child of the sender's (W3C trace context in the headers).</summary>
    public Activity? StartActivity(ActivitySource source)
    {
        if (!source.HasListeners())
        {
            return null;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(this, static (carrier, name, out value, out values) =>
        {
            values = null;
            value = ((RabbitMqDelivery)carrier!).Header(name)?.ToString();
        }, out var traceParent, out var traceState);
        ActivityContext.TryParse(traceParent, traceState, out var parent);
        var activity = source.StartActivity($"{Queue} receive", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", Queue);
        activity?.SetTag("messaging.message.id", MessageId?.ToString());
        return activity;
    }

    /// <summary>AMQP hands string header values over as their UTF-8 bytes.</summary>
    private static object? Scalar(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value;
}
