using System.Diagnostics;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Scheduling;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;
using IntegrationHub.Storage.Inbox;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using MessageContext = IntegrationHub.Contracts.Plugins.MessageContext;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// Hands a message from the host's consumer to the plugin handler that declared it: waits at the plugin's
/// reload gate, records the inbox entry, runs the handler in one unit of work with the plugin's store and
/// outbox, commits, then acknowledges. Failures are retried immediately, then redelivered later through the
/// scheduler, then left to the error pipe (error store + error queue).
/// </summary>
internal sealed class PluginDispatcher(
    PluginManager plugins,
    HubDatabase database,
    InboxStore inbox,
    OutboxStore outbox,
    OutboxSignal outboxSignal,
    RedeliveryScheduler redelivery,
    ContractRegistry contracts,
    ContractValidator validator,
    HubMetrics metrics,
    IOptions<HubOptions> options,
    ILogger<PluginDispatcher> logger)
{
    public async Task<object?> DispatchAsync(string pluginId, ConsumeContext context, object message, Type messageType, bool isRequest)
    {
        var contract = contracts.NameOf(messageType);
        var runtime = plugins.Get(pluginId) ?? throw new PluginUnavailableException(pluginId, "not installed");
        var redeliveries = context.Headers.Get<int>(HubHeaders.Redelivery) ?? 0;
        var bus = options.Value.Bus;
        validator.EnsureValid(message, contract);

        for (var retry = 0; ; retry++)
        {
            var attempt = (redeliveries * (bus.ImmediateRetries + 1)) + retry + 1;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var reply = await HandleOnceAsync(runtime, context, message, messageType, contract, attempt, isRequest);
                metrics.Consumed(contract, pluginId, Stopwatch.GetElapsedTime(started));
                if (context.SentTime is { } sent)
                {
                    metrics.Age(contract, pluginId, DateTime.UtcNow - sent);
                }

                return reply;
            }
            catch (Exception e) when (e is not MalformedMessageException && retry < bus.ImmediateRetries && !context.CancellationToken.IsCancellationRequested)
            {
                metrics.Retried(contract, pluginId);
                logger.LogWarning(e, "{Plugin} failed on {Contract} {MessageId} (attempt {Attempt}); retrying", pluginId, contract, context.MessageId, attempt);
            }
            catch (Exception e) when (e is not MalformedMessageException && !isRequest && redeliveries < bus.Redeliveries.Count)
            {
                metrics.Retried(contract, pluginId);
                var delay = bus.Redeliveries[redeliveries];
                logger.LogWarning(e, "{Plugin} failed on {Contract} {MessageId} (attempt {Attempt}); redelivering in {Delay}", pluginId, contract, context.MessageId, attempt, delay);
                await redelivery.ScheduleAsync(context, message, messageType, redeliveries + 1, delay);
                return null;
            }
            catch (Exception)
            {
                metrics.Failed(contract, pluginId);
                throw;
            }
        }
    }

    private async Task<object?> HandleOnceAsync(PluginRuntime runtime, ConsumeContext context, object message, Type messageType, string contract, int attempt, bool isRequest)
    {
        var cancellationToken = context.CancellationToken;
        // A child of MassTransit's consume span: one span per attempt of a plugin's handler, inbox and commit included.
        using var activity = metrics.Activities.StartActivity($"{runtime.Manifest.Id} handle {contract}");
        activity?.SetTag("hub.plugin", runtime.Manifest.Id);
        activity?.SetTag("hub.contract", contract);
        activity?.SetTag("hub.attempt", attempt);
        using var lease = await runtime.EnterAsync(cancellationToken);
        var plugin = lease.Plugin;
        if (!plugin.Handlers.TryGetValue(messageType, out var binding))
        {
            throw new InvalidOperationException($"Plugin '{runtime.Manifest.Id}' no longer handles {contract} (changed by a reload).");
        }

        var messageId = context.MessageId ?? NewId.NextGuid();
        await using var work = await database.BeginAsync(cancellationToken);
        var key = message is IHasBusinessKey keyed ? $"key:{contract}:{keyed.BusinessKey}" : $"id:{messageId}";
        if (!isRequest && !await inbox.TryRecordAsync(work, runtime.Manifest.Id, key, contract))
        {
            metrics.Duplicate(contract, runtime.Manifest.Id);
            logger.LogInformation("{Plugin} already handled {Contract} {Key}; acknowledging the duplicate", runtime.Manifest.Id, contract, key);
            return null;
        }

        var pluginOutbox = new TransactionalOutbox(outbox, database, outboxSignal, runtime.Manifest.Id, work);
        var messageContext = new MessageContext(
            messageId,
            contract,
            context.CorrelationId,
            attempt,
            context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value?.ToString() ?? string.Empty),
            plugin.Services.GetRequiredService<DocumentStore>().WithUnitOfWork(work),
            pluginOutbox,
            new OutboxPublisher(pluginOutbox, contracts, messageId, runtime.Manifest.Id));

        // Set here, in the method that runs the handler, so the handler's async flow sees it (AsyncLocal).
        var timers = plugin.Services.GetRequiredService<IPluginScheduler>() is PluginScheduler scheduler ? scheduler.DeferToOutbox(pluginOutbox, messageId) : null;
        await using var scope = plugin.Services.CreateAsyncScope();
        var reply = await binding.Invoke(scope.ServiceProvider, message, messageContext, cancellationToken);
        if (timers is not null)
        {
            await timers.FlushAsync(cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        outboxSignal.Notify();

        if (string.Equals(options.Value.FaultInjection.CrashAfterCommitOf, contract, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogCritical("Fault injection: killing the process after committing {Contract} {MessageId}, before its ack", contract, messageId);
            Process.GetCurrentProcess().Kill();
        }

        return reply;
    }
}
