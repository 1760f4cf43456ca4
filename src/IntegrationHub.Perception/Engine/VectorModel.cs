using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Imaging;
using SkiaSharp;

namespace IntegrationHub.Perception.Engine;

/// <summary>Runs a fixed-size image model (classifier or feature extractor) on one image and returns its output vector.</summary>
public static class VectorModel
{
    public static async Task<float[]> RunAsync(LoadedModel model, SKBitmap bitmap, BoundingBox? crop, CancellationToken cancellationToken)
    {
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var input = model.Runner!.RentInput();
        try
        {
            using var fitted = crop is null
                ? Preprocess.Fit(bitmap, w, h, model.Manifest.Input.Resize, model.Manifest.Input.PadValue).Bitmap
                : Preprocess.Resize(bitmap, w, h, Preprocess.Region(crop, bitmap));
            Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, input);
        }
        catch
        {
            model.Runner.Abandon(input);
            throw;
        }

        using var result = await model.Runner.RunAsync(input, cancellationToken);
        return result.Output(model.OutputIndex()).ToArray();
    }
}
