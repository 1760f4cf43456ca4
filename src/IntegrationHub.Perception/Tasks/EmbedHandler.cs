using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Engine;

namespace IntegrationHub.Perception.Tasks;

/// <summary>Embedding: the model's feature vector, L2-normalised.</summary>
public sealed class EmbedHandler(ImageRequests requests)
{
    public Task<EmbedReply> HandleAsync(EmbedRequest request, CancellationToken cancellationToken) =>
        requests.RunAsync(
            request.Model ?? requests.Settings.DefaultEmbedModel,
            request.Images,
            ["embed", "classify"],
            model => Task.FromResult<Func<ImageInput, SkiaSharp.SKBitmap, Task<ImageEmbedding>>>(async (image, bitmap) =>
            {
                var vector = await VectorModel.RunAsync(model, bitmap, null, cancellationToken);
                Normalize(vector);
                return new ImageEmbedding(image.Id, vector);
            }),
            (image, error) => new ImageEmbedding(image.Id, [], error),
            (results, meta, error) => new EmbedReply(results, meta, error),
            cancellationToken);

    private static void Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
    }
}
