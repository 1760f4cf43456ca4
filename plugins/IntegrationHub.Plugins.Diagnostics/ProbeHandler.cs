using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Plugins.Diagnostics;

/// <summary>The workers' answers to one probe, before anything is written.</summary>
public sealed record ProbeAnswers(ClassifyIntentReply Intent, ProbeEmbedding? Perception);

/// <summary>
/// One probe, in two steps: the worker requests (<see cref="PrepareAsync"/>) run before the unit of work begins and side
/// by side — the reasoning worker classifies the text and, when the probe carries an image, a perception worker embeds
/// it — so no store transaction waits on a worker; then both answers go into the outbox for the probe connector. A
/// worker error fails the message (it is retried, then lands in the error store with the reason); an image the
/// perception worker cannot read is delivered as such (<see cref="ProbePerception"/>).
/// </summary>
public sealed class ProbeHandler(IWorkerClient worker, ProbePerception perception, ProbeOptions options) : IPrepareAndHandle<Probe, ProbeAnswers>
{
    public async Task<ProbeAnswers> PrepareAsync(Probe message, CancellationToken cancellationToken)
    {
        var intent = ClassifyAsync(message, cancellationToken);
        var embedding = message.Image is { } image ? perception.EmbedAsync(message.Id, image, cancellationToken) : null;
        await Task.WhenAll(embedding is null ? [intent] : [intent, embedding]);
        return new ProbeAnswers(await intent, embedding is null ? null : await embedding);
    }

    public async Task HandleAsync(Probe message, ProbeAnswers answers, MessageContext context, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["id"] = message.Id,
            ["sentAt"] = message.SentAt,
            ["intent"] = answers.Intent.Intent,
            ["confidence"] = answers.Intent.Confidence,
        };
        if (answers.Perception is { } embedding)
        {
            payload["perception"] = embedding.Error is { } error
                ? new JsonObject { ["model"] = embedding.Model, ["error"] = error.Code, ["message"] = error.Message }
                : new JsonObject { ["model"] = embedding.Model, ["dimension"] = embedding.Dimension, ["norm"] = embedding.Norm, ["latencyMs"] = embedding.LatencyMs };
        }

        await context.Outbox.EnqueueAsync(new OutboxDelivery(options.Connector, options.Operation, payload, message.BusinessKey, message.Id), cancellationToken);
    }

    private async Task<ClassifyIntentReply> ClassifyAsync(Probe message, CancellationToken cancellationToken)
    {
        var reply = await worker.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(
            new ClassifyIntentRequest(message.Text, options.IntentSet), options.WorkerTimeout, cancellationToken);
        return reply.Error is { } error
            ? throw new InvalidOperationException($"probe {message.Id}: the reasoning worker answered {error.Code}: {error.Message}")
            : reply;
    }
}
