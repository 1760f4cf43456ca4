using System.Text;
using IntegrationHub.Storage.Errors;
using MassTransit;
using RabbitMQ.Client;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// Keeps a delivery that failed for good (its attempts spent, unreadable, or of a type no handler takes), as
/// MassTransit's error pipe does on its endpoints: in the error store, where <c>GET /api/errors</c> lists it and replay
/// sends it again, and in the queue's error queue (<c>{queue}_error</c>) with the reason in its headers.
/// </summary>
internal sealed class FailedDeliveries(ErrorStore errors, ILogger<FailedDeliveries> logger)
{
    public static string ErrorQueue(string queue) => $"{queue}_error";

    /// <summary>Declares <paramref name="queue"/>'s error queue as MassTransit does: its own fanout exchange, the queue's arguments.</summary>
    public static async Task DeclareAsync(IChannel channel, string queue, IDictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        var error = ErrorQueue(queue);
        await channel.QueueDeclareAsync(error, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(error, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(error, error, string.Empty, cancellationToken: cancellationToken);
    }

    /// <summary>True when the error store or the error queue took it; false when neither did (give it back to the queue).</summary>
    public async Task<bool> KeepAsync(IChannel publisher, RabbitMqDelivery incoming, ReadOnlyMemory<byte> body, Exception failure)
    {
        var stored = await StoreAsync(incoming, body, failure);
        try
        {
            await publisher.BasicPublishAsync(ErrorQueue(incoming.Queue), string.Empty, mandatory: false, FaultProperties(incoming, failure), body);
            return true;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not move failed message {MessageId} to {Queue}", incoming.MessageId, ErrorQueue(incoming.Queue));
            return stored;
        }
    }

    private async Task<bool> StoreAsync(RabbitMqDelivery incoming, ReadOnlyMemory<byte> body, Exception failure)
    {
        try
        {
            var (type, messageId, stored) = FailedMessageBody.Read(Encoding.UTF8.GetString(body.Span), incoming.MessageId?.ToString(), incoming.Header(MessageHeaders.MessageType)?.ToString());
            await errors.AddAsync(FailedMessageRecord.Of(incoming.Queue, type, messageId, stored, incoming.HeadersText(), failure));
            return true;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record failed message {MessageId} in the error store", incoming.MessageId);
            return false;
        }
    }

    private static BasicProperties FaultProperties(RabbitMqDelivery incoming, Exception failure)
    {
        var headers = incoming.HeadersText(scalarsOnly: true).ToDictionary(h => h.Key, h => (object?)h.Value);
        headers[MessageHeaders.Reason] = "fault";
        headers[MessageHeaders.FaultExceptionType] = failure.GetType().FullName;
        headers[MessageHeaders.FaultMessage] = failure.Message;
        headers[MessageHeaders.FaultTimestamp] = DateTime.UtcNow.ToString("O");
        return new BasicProperties
        {
            MessageId = incoming.MessageId?.ToString(),
            CorrelationId = incoming.CorrelationId?.ToString(),
            ContentType = incoming.ContentType,
            Persistent = true,
            Headers = headers,
        };
    }
}
