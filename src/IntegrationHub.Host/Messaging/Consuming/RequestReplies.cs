using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// Answers a request taken off a plugin queue the way MassTransit's request client waits for it: the reply, or a
/// <see cref="Fault{T}"/> when the handler failed, sent to the request's response address under its request id.
/// Requests are the rare path; MassTransit's send endpoints carry them.
/// </summary>
internal sealed class RequestReplies(ISendEndpointProvider sendEndpoints)
{
    private static readonly System.Reflection.MethodInfo FaultOfMethod =
        typeof(RequestReplies).GetMethod(nameof(FaultOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    public static bool IsRequest(IncomingMessage incoming) => incoming.Header(MessageHeaders.ResponseAddress) is not null;

    public Task ReplyAsync(IncomingMessage request, object reply, Type replyType) =>
        SendAsync(request, MessageHeaders.ResponseAddress, reply, replyType);

    public Task FaultAsync(IncomingMessage request, object message, Type messageType, Exception failure)
    {
        var fault = FaultOfMethod.MakeGenericMethod(messageType).Invoke(null, [message, request.MessageId, failure])!;
        var address = request.Header(MessageHeaders.FaultAddress) is not null ? MessageHeaders.FaultAddress : MessageHeaders.ResponseAddress;
        return SendAsync(request, address, fault, typeof(Fault<>).MakeGenericType(messageType));
    }

    private static Fault<T> FaultOf<T>(T message, Guid? messageId, Exception failure)
        where T : class =>
        new FaultEvent<T>(message, messageId, HostMetadataCache.Host, failure, [MessageUrn.ForTypeString<T>()]);

    private async Task SendAsync(IncomingMessage request, string addressHeader, object message, Type messageType)
    {
        var address = new Uri(request.Header(addressHeader)!.ToString()!);
        var requestId = Guid.TryParse(request.Header(MessageHeaders.RequestId)?.ToString(), out var id) ? id : (Guid?)null;
        var endpoint = await sendEndpoints.GetSendEndpoint(address);
        await endpoint.Send(message, messageType, Pipe.Execute<SendContext>(send =>
        {
            send.RequestId = requestId;
            send.CorrelationId = request.CorrelationId;
        }), request.CancellationToken);
    }
}
