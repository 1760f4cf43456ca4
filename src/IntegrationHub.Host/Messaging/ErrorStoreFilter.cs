using IntegrationHub.Storage.Errors;
using MassTransit;
using MassTransit.Middleware;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// Runs in a receive endpoint's error pipe (after the hub's own retries and redeliveries are spent, or when a
/// message cannot even be deserialised): keeps the message, its headers and the reason in the error store, where
/// <c>GET /api/errors</c> lists it and replay sends it again; then the transport's own error queue gets it too.
/// </summary>
internal sealed class ErrorStoreFilter(ErrorStore errors, ILogger logger) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        try
        {
            var (type, messageId, body) = FailedMessageBody.Read(context);
            var endpoint = context.InputAddress.AbsolutePath.Trim('/').Split('/')[^1];
            await errors.AddAsync(FailedMessageRecord.Of(endpoint, type, messageId, body, context.TransportHeaders.ToText(), context.Exception));
        }
        catch (Exception e)
        {
            // The transport's error queue below still keeps the message; never lose it because the store is down.
            logger.LogError(e, "Could not record a failed message in the error store");
        }

        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("hubErrorStore");
}

/// <summary>The error store's record of a message that failed for good.</summary>
internal static class FailedMessageRecord
{
    public static ErrorRecord Of(string endpoint, string type, string? messageId, string body, Dictionary<string, string> headers, Exception failure)
    {
        var exception = failure is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : failure;
        return new ErrorRecord(
            NewId.NextGuid(),
            ErrorKinds.Message,
            endpoint,
            type,
            messageId,
            body,
            headers,
            Contracts.Security.Secrets.Redact($"{exception.GetType().Name}: {exception.Message}"),
            Contracts.Security.Secrets.Redact(exception.ToString()),
            1 + (headers.TryGetValue(HubHeaders.Redelivery, out var r) && int.TryParse(r, out var n) ? n : 0),
            DateTimeOffset.UtcNow,
            null);
    }
}

/// <summary>Puts <see cref="ErrorStoreFilter"/> in front of MassTransit's fault and error-queue filters on an endpoint.</summary>
internal sealed class ErrorStoreFilterInstaller(ErrorStore errors, ILogger<ErrorStoreFilter> logger)
{
    public void Install(IReceiveEndpointConfigurator endpoint) =>
        endpoint.ConfigureError(pipe =>
        {
            pipe.UseFilter(new ErrorStoreFilter(errors, logger));
            pipe.UseFilter(new GenerateFaultFilter());
            pipe.UseFilter(new ErrorTransportFilter());
        });
}
