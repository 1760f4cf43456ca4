using System.Diagnostics;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace IntegrationHub.Perception.Tasks;

/// <summary>
/// What every perception request shares: the image-count limits, loading the model and checking its task, running each
/// image in parallel (a bad image gets its own error, the others still answer) and the reply's timing.
/// </summary>
public sealed class ImageRequests(ModelHost host, ImageLoader loader, IOptions<PerceptionOptions> options, ILogger<ImageRequests> logger)
{
    private readonly PerceptionOptions _settings = options.Value;

    public PerceptionOptions Settings => _settings;

    /// <summary>
    /// Runs one request. <paramref name="prepare"/> gets the loaded model and returns the per-image work; a request-wide
    /// <see cref="PerceptionException"/> (bad request, unknown model, wrong task) becomes the reply's error.
    /// </summary>
    public async Task<TReply> RunAsync<TResult, TReply>(
        string modelName,
        IReadOnlyList<ImageInput>? images,
        string[] tasks,
        Func<LoadedModel, Task<Func<ImageInput, SKBitmap, Task<TResult>>>> prepare,
        Func<ImageInput, ContractError, TResult> onImageError,
        Func<IReadOnlyList<TResult>, PerceptionMeta, ContractError?, TReply> reply,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Validate(images);
            var model = await host.GetAsync(modelName);
            RequireTask(model, tasks);
            var work = await prepare(model);
            var results = await ForEachImageAsync(images!, work, onImageError, cancellationToken);
            return reply(results, Meta(modelName, started), null);
        }
        catch (PerceptionException ex)
        {
            return reply([], Meta(modelName, started), ex.ToError());
        }
    }

    /// <summary>
    /// Runs one request that needs no model (image processing only) with the same limits, per-image errors and timing;
    /// <paramref name="name"/> is what the reply's meta names.
    /// </summary>
    public async Task<TReply> RunAsync<TResult, TReply>(
        string name,
        IReadOnlyList<ImageInput>? images,
        Func<ImageInput, SKBitmap, Task<TResult>> work,
        Func<ImageInput, ContractError, TResult> onImageError,
        Func<IReadOnlyList<TResult>, PerceptionMeta, ContractError?, TReply> reply,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var meta = () => new PerceptionMeta(name, "CPU", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            Validate(images);
            var results = await ForEachImageAsync(images!, work, onImageError, cancellationToken);
            return reply(results, meta(), null);
        }
        catch (PerceptionException ex)
        {
            return reply([], meta(), ex.ToError());
        }
    }

    private PerceptionMeta Meta(string model, long started) =>
        new(model, host.ExecutionProvider, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private void Validate(IReadOnlyList<ImageInput>? images)
    {
        if (images is null || images.Count == 0)
        {
            throw new PerceptionException(PerceptionErrors.RequestInvalid, "The request has no images.");
        }

        if (images.Count > _settings.MaxImagesPerRequest)
        {
            throw new PerceptionException(PerceptionErrors.RequestInvalid, $"The request has {images.Count} images; the limit is {_settings.MaxImagesPerRequest}.");
        }
    }

    private static void RequireTask(LoadedModel model, string[] tasks)
    {
        if (!tasks.Contains(model.Manifest.Task, StringComparer.OrdinalIgnoreCase))
        {
            throw new PerceptionException(
                PerceptionErrors.ModelWrongTask, $"Model '{model.Manifest.Name}' is a {model.Manifest.Task} model; this request needs {string.Join(" or ", tasks)}.");
        }
    }

    private async Task<T[]> ForEachImageAsync<T>(
        IReadOnlyList<ImageInput> images, Func<ImageInput, SKBitmap, Task<T>> work, Func<ImageInput, ContractError, T> onError, CancellationToken cancellationToken)
    {
        return await Task.WhenAll(images.Select(image => Task.Run(
            async () =>
            {
                try
                {
                    using var bitmap = await loader.LoadAsync(image ?? new ImageInput(), cancellationToken);
                    return await work(image!, bitmap);
                }
                catch (PerceptionException ex)
                {
                    return onError(image ?? new ImageInput(), ex.ToError());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Perception: image {Id} failed", image?.Id);
                    return onError(image ?? new ImageInput(), new ContractError(PerceptionErrors.Internal, ex.Message));
                }
            },
            cancellationToken)));
    }
}
