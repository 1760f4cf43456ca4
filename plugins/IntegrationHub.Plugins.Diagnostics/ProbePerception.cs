using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Plugins.Diagnostics;

/// <summary>What a perception worker made of a probe's image: the embedding's size and length, or why the image could not be read.</summary>
public sealed record ProbeEmbedding(string? Model, int Dimension, double Norm, double? LatencyMs, ContractError? Error);

/// <summary>
/// The perception step of a probe: its image embedded by whichever perception worker takes the request. An image the
/// worker cannot read (an <c>image.*</c> error) is an answer — the delivery says so — since no retry can mend it; any
/// other error (model, request, a worker that does not answer) fails the attempt, to be retried.
/// </summary>
public sealed class ProbePerception(IWorkerClient worker, ProbeOptions options)
{
    public async Task<ProbeEmbedding> EmbedAsync(string probeId, byte[] image, CancellationToken cancellationToken)
    {
        var reply = await worker.RequestAsync<EmbedRequest, EmbedReply>(
            new EmbedRequest([new ImageInput(probeId, image)], options.PerceptionModel), options.WorkerTimeout, cancellationToken);
        var result = reply.Results.FirstOrDefault();
        if ((reply.Error ?? result?.Error) is { } error)
        {
            return error.IsBadImage()
                ? new ProbeEmbedding(reply.Meta?.Model, 0, 0, reply.Meta?.LatencyMs, error)
                : throw new InvalidOperationException($"probe {probeId}: the perception worker answered {error.Code}: {error.Message}");
        }

        if (result is null)
        {
            throw new InvalidOperationException($"probe {probeId}: the perception worker returned no embedding for the image");
        }

        var norm = Math.Sqrt(result.Vector.Sum(v => (double)v * v));
        return new ProbeEmbedding(reply.Meta?.Model, result.Vector.Length, Math.Round(norm, 4), reply.Meta is { } meta ? Math.Round(meta.LatencyMs, 1) : null, null);
    }
}
