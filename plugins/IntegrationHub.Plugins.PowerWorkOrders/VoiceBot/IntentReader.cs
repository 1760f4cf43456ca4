using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>Reads an utterance with an intent set through the reasoning worker's <c>classify-intent</c> (offline engine by default).</summary>
public sealed class IntentReader(IWorkerClient worker, ILogger<IntentReader> logger)
{
    public static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(5);

    public async Task<IntentReading> ReadAsync(string callId, string text, string intentSet, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await worker.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(new ClassifyIntentRequest(text, intentSet), WorkerTimeout, cancellationToken);
            if (reply.Error is not null)
            {
                logger.LogWarning("Call {CallId}: intent classification with {IntentSet} failed: {Code} {Message}", callId, intentSet, reply.Error.Code, reply.Error.Message);
                return new IntentReading(null, reply.Confidence, reply.Meta.Engine);
            }

            return new IntentReading(reply.Intent, reply.Confidence, reply.Meta.Engine);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Call {CallId}: the reasoning worker did not answer in time", callId);
            return new IntentReading(null, 0, null, Unavailable: true);
        }
    }
}
