using System.Text.Json;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Consuming;
using IntegrationHub.Storage.Errors;
using MassTransit;
using Quartz;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// Delayed redelivery without a broker plugin: the failed message is stored as a Quartz job (in the hub's
/// database, so it survives a restart) that sends it back to the queue it came from after the delay, with the
/// same message id and a redelivery count. RabbitMQ 3.10 here has no delayed-message exchange, and
/// MassTransit.Quartz is not available; this is the hub's own, on the scheduler it already runs.
/// </summary>
internal sealed class RedeliveryScheduler(ISchedulerFactory schedulers, TimeProvider time)
{
    public const string Group = "hub.redelivery";

    public async Task ScheduleAsync(IncomingMessage context, object message, Type messageType, int redelivery, TimeSpan delay)
    {
        var scheduler = await schedulers.GetScheduler(context.CancellationToken);
        var queue = context.Queue;
        var headers = context.HeadersText(scalarsOnly: true);
        var job = JobBuilder.Create<RedeliverMessageJob>()
            .WithIdentity($"{queue}:{context.MessageId}:{redelivery}", Group)
            .UsingJobData(RedeliverMessageJob.Queue, queue)
            .UsingJobData(RedeliverMessageJob.MessageType, messageType.AssemblyQualifiedName!)
            .UsingJobData(RedeliverMessageJob.Body, JsonSerializer.Serialize(message, messageType, ContractJson.Options))
            .UsingJobData(RedeliverMessageJob.MessageId, (context.MessageId ?? NewId.NextGuid()).ToString())
            .UsingJobData(RedeliverMessageJob.CorrelationId, context.CorrelationId?.ToString() ?? string.Empty)
            .UsingJobData(RedeliverMessageJob.Headers, JsonSerializer.Serialize(headers, ContractJson.Options))
            .UsingJobData(RedeliverMessageJob.Count, redelivery.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(job.Key.Name, Group)
            .ForJob(job)
            .StartAt(time.GetUtcNow() + delay)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, context.CancellationToken);
    }
}

/// <summary>Sends a failed message back to its queue (see <see cref="RedeliveryScheduler"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class RedeliverMessageJob(ISendEndpointProvider sendEndpoints, QueueAddresses addresses, ContractRegistry contracts, ErrorStore errors, ILogger<RedeliverMessageJob> logger) : IJob
{
    public const string Queue = "queue";
    public const string MessageType = "type";
    public const string Body = "body";
    public const string MessageId = "messageId";
    public const string CorrelationId = "correlationId";
    public const string Headers = "headers";
    public const string Count = "count";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var type = Type.GetType(Text(data, MessageType)!, throwOnError: true)!;
        if (!contracts.IsContract(type))
        {
            throw new JobExecutionException($"{type} is not a contract; refusing to redeliver it.");
        }

        var message = JsonSerializer.Deserialize(Text(data, Body)!, type, ContractJson.Options)!;
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(Text(data, Headers)!, ContractJson.Options) ?? [];
        try
        {
            await SendAsync(data, type, message, headers, cancellationToken);
        }
        catch (Exception e)
        {
            // The message was acknowledged when this redelivery was scheduled: if it cannot be sent back, keep it.
            logger.LogError(e, "Redelivery of {MessageId} to {Queue} failed; keeping it in the error store", Text(data, MessageId), Text(data, Queue));
            await errors.AddAsync(new ErrorRecord(
                NewId.NextGuid(), ErrorKinds.Message, Text(data, Queue)!, contracts.NameOf(type), Text(data, MessageId),
                FailedMessageBody.Envelope(Text(data, MessageId), contracts.NameOf(type), JsonSerializer.SerializeToNode(message, type, ContractJson.Options)),
                headers, $"Redelivery failed: {e.Message}", e.ToString(), int.Parse(Text(data, Count)!), DateTimeOffset.UtcNow, null), cancellationToken);
        }
    }

    private async Task SendAsync(JobDataMap data, Type type, object message, Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var endpoint = await sendEndpoints.GetSendEndpoint(addresses.For(Text(data, Queue)!));
        await endpoint.Send(message, type, Pipe.Execute<SendContext>(send =>
        {
            send.MessageId = Guid.Parse(Text(data, MessageId)!);
            if (Guid.TryParse(Text(data, CorrelationId), out var correlation))
            {
                send.CorrelationId = correlation;
            }

            foreach (var (key, value) in headers.Where(h => !h.Key.StartsWith("MT-", StringComparison.OrdinalIgnoreCase)))
            {
                send.Headers.Set(key, value);
            }

            send.Headers.Set(HubHeaders.Redelivery, int.Parse(Text(data, Count)!));
        }), cancellationToken);
    }

    private static string? Text(JobDataMap data, string key) => data.TryGetValue(key, out var value) ? value?.ToString() : null;
}
