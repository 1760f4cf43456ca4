using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.Diagnostics;

/// <summary><c>Plugins:Diagnostics:Probe</c>: where probes are delivered and which intent set the worker classifies them with.</summary>
public sealed class ProbeOptions
{
    public string Connector { get; set; } = "probe";

    public string Operation { get; set; } = "probe.deliver";

    public string IntentSet { get; set; } = "fee-reminder";

    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public static ProbeOptions Load(IConfiguration configuration) => configuration.GetSection("Probe").Get<ProbeOptions>() ?? new ProbeOptions();
}

/// <summary>
/// One probe: the reasoning worker classifies its text (a request over the bus to whichever worker process takes
/// it), then the answer goes into the outbox for the probe connector in the same unit of work. A worker error fails
/// the message (it is retried, then lands in the error store with the reason).
/// </summary>
public sealed class ProbeHandler(IWorkerClient worker, ProbeOptions options) : IHandle<Probe>
{
    public async Task HandleAsync(Probe message, MessageContext context, CancellationToken cancellationToken)
    {
        var reply = await worker.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(
            new ClassifyIntentRequest(message.Text, options.IntentSet), options.WorkerTimeout, cancellationToken);
        if (reply.Error is { } error)
        {
            throw new InvalidOperationException($"probe {message.Id}: the reasoning worker answered {error.Code}: {error.Message}");
        }

        var payload = new JsonObject
        {
            ["id"] = message.Id,
            ["sentAt"] = message.SentAt,
            ["intent"] = reply.Intent,
            ["confidence"] = reply.Confidence,
        };
        await context.Outbox.EnqueueAsync(new OutboxDelivery(options.Connector, options.Operation, payload, message.BusinessKey, message.Id), cancellationToken);
    }
}
