using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Decoding;
using IntegrationHub.Perception.Engine;

namespace IntegrationHub.Perception.Tasks;

/// <summary>Classification: the model's score vector, as probabilities, top-k.</summary>
public sealed class ClassifyHandler(ImageRequests requests)
{
    public Task<ClassifyReply> HandleAsync(ClassifyRequest request, CancellationToken cancellationToken) =>
        requests.RunAsync(
            request.Model,
            request.Images,
            ["classify"],
            model => Task.FromResult<Func<ImageInput, SkiaSharp.SKBitmap, Task<ImageClassification>>>(async (image, bitmap) =>
            {
                var scores = await VectorModel.RunAsync(model, bitmap, request.Crop, cancellationToken);
                return new ImageClassification(image.Id, ClassificationDecoder.TopK(scores, request.TopK, model.Labels));
            }),
            (image, error) => new ImageClassification(image.Id, [], error),
            (results, meta, error) => new ClassifyReply(results, meta, error),
            cancellationToken);
}
