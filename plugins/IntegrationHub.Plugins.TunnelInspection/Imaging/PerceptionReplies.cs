using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>The one photo's result of a perception reply, or why there is none; boxes between the contract and pixels.</summary>
internal static class PerceptionReplies
{
    public static TResult Single<TResult>(ContractError? requestError, IReadOnlyList<TResult> results, Func<TResult, ContractError?> error)
    {
        var result = results.FirstOrDefault();
        if ((requestError ?? (result is null ? null : error(result))) is { } failed)
        {
            throw new PerceptionFailedException($"{failed.Code}: {failed.Message}", failed.IsBadImage());
        }

        return result ?? throw new PerceptionFailedException("the perception worker returned no result for the image", badImage: false);
    }

    public static PixelBox ToPixels(BoundingBox box) =>
        new((int)Math.Round(box.X), (int)Math.Round(box.Y), (int)Math.Round(box.Width), (int)Math.Round(box.Height));

    public static BoundingBox ToBox(PixelBox box) => new(box.X, box.Y, box.Width, box.Height);
}

/// <summary>The perception worker refused the image (<see cref="BadImage"/>: the image itself, never worth a retry) or the model.</summary>
public sealed class PerceptionFailedException(string message, bool badImage) : Exception(message)
{
    public bool BadImage { get; } = badImage;
}
