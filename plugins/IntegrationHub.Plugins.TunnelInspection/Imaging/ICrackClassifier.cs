using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>A tile the classifier called a crack, with its score.</summary>
public sealed record CrackTile(PixelBox Box, double Score);

/// <summary>Finds the crack tiles of a photograph; the model behind it is configuration.</summary>
public interface ICrackClassifier
{
    Task<IReadOnlyList<CrackTile>> FindCracksAsync(byte[] image, int width, int height, CancellationToken cancellationToken);
}

/// <summary>
/// Asks the perception worker over the bus (<see cref="ClassifyRequest"/>) with the configured model
/// (<c>CrackModel</c>, <c>concrete-crack</c> by default). A photo larger than the model's tile is classified tile by
/// tile (a sliding window at the tile size; the last row and column are shifted in to stay inside the photo).
/// </summary>
public sealed class PerceptionCrackClassifier(IWorkerClient worker, TunnelInspectionOptions options) : ICrackClassifier
{
    public async Task<IReadOnlyList<CrackTile>> FindCracksAsync(byte[] image, int width, int height, CancellationToken cancellationToken)
    {
        var tiles = Tiles(width, height, options.TileWidth, options.TileHeight);
        var replies = await Task.WhenAll(tiles.Select(tile => ClassifyAsync(image, tile, whole: tiles.Count == 1, cancellationToken)));
        return replies.Where(r => r is not null).Select(r => r!).ToList();
    }

    public static IReadOnlyList<PixelBox> Tiles(int width, int height, int tileWidth, int tileHeight)
    {
        if (width <= tileWidth * 1.5 && height <= tileHeight * 1.5)
        {
            return [new PixelBox(0, 0, width, height)];
        }

        static IEnumerable<int> Starts(int size, int tile) =>
            size <= tile ? [0] : Enumerable.Range(0, (size + tile - 1) / tile).Select(i => Math.Min(i * tile, size - tile));

        return [.. from y in Starts(height, tileHeight)
                   from x in Starts(width, tileWidth)
                   select new PixelBox(x, y, Math.Min(tileWidth, width), Math.Min(tileHeight, height))];
    }

    private async Task<CrackTile?> ClassifyAsync(byte[] image, PixelBox tile, bool whole, CancellationToken cancellationToken)
    {
        var crop = whole ? null : new BoundingBox(tile.X, tile.Y, tile.Width, tile.Height);
        var reply = await worker.RequestAsync<ClassifyRequest, ClassifyReply>(
            new ClassifyRequest(options.CrackModel, [new ImageInput("tile", image)], TopK: 5, Crop: crop), options.PerceptionTimeout, cancellationToken);
        var result = reply.Results.FirstOrDefault();
        if ((reply.Error ?? result?.Error) is { } error)
        {
            throw new PerceptionFailedException($"{error.Code}: {error.Message}", error.Code.StartsWith("image.", StringComparison.Ordinal));
        }

        var crack = result?.Labels.FirstOrDefault(l => l.Label.Equals(options.CrackLabel, StringComparison.OrdinalIgnoreCase));
        return crack is not null && crack.Score >= options.CrackScore ? new CrackTile(tile, crack.Score) : null;
    }
}

/// <summary>The perception worker refused the image (<see cref="BadImage"/>: the image itself, never worth a retry) or the model.</summary>
public sealed class PerceptionFailedException(string message, bool badImage) : Exception(message)
{
    public bool BadImage { get; } = badImage;
}
