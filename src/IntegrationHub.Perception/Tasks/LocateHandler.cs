using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Decoding;
using IntegrationHub.Perception.Engine;
using SkiaSharp;

namespace IntegrationHub.Perception.Tasks;

/// <summary>
/// Locating with a tile classifier: a sliding window of tiles at the model's trained tile size (its manifest's
/// <c>tile</c>, else its input size) over each image, every tile classified, the tiles of the wanted labels returned as boxes.
/// </summary>
public sealed class LocateHandler(ImageRequests requests)
{
    public Task<LocateReply> HandleAsync(LocateRequest request, CancellationToken cancellationToken) =>
        requests.RunAsync(
            request.Model,
            request.Images,
            ["classify"],
            model =>
            {
                var tile = TileSize(request, model);
                var step = Step(tile, request.Overlap);
                var wanted = request.Labels?.ToHashSet(StringComparer.Ordinal) ?? [];
                if (wanted.Count == 0 || wanted.Any(l => !model.Labels.Contains(l)))
                {
                    throw new PerceptionException(
                        PerceptionErrors.RequestInvalid, $"Labels must name some of the model's labels ({string.Join(", ", model.Labels)}).");
                }

                return Task.FromResult<Func<ImageInput, SKBitmap, Task<ImageDetections>>>(async (image, bitmap) =>
                {
                    var tiles = Tiles(bitmap.Width, bitmap.Height, tile, step);
                    var found = await Task.WhenAll(tiles.Select(async box =>
                    {
                        var best = ClassificationDecoder.TopK(await VectorModel.RunAsync(model, bitmap, box, cancellationToken), 1, model.Labels)[0];
                        return wanted.Contains(best.Label) && best.Score >= request.ScoreThreshold ? new Detection(best.Label, best.ClassId, best.Score, box) : null;
                    }));
                    return new ImageDetections(image.Id, bitmap.Width, bitmap.Height, [.. found.OfType<Detection>()]);
                });
            },
            (image, error) => new ImageDetections(image.Id, 0, 0, [], error),
            (results, meta, error) => new LocateReply(results, meta, error),
            cancellationToken);

    private static (int Width, int Height) TileSize(LocateRequest request, LoadedModel model)
    {
        var width = request.TileWidth ?? model.Manifest.Tile?.Width ?? (int)model.ItemShape[2];
        var height = request.TileHeight ?? model.Manifest.Tile?.Height ?? (int)model.ItemShape[1];
        return width >= 8 && height >= 8
            ? (width, height)
            : throw new PerceptionException(PerceptionErrors.RequestInvalid, $"A tile of {width}×{height} is too small.");
    }

    private static (int X, int Y) Step((int Width, int Height) tile, float overlap) =>
        overlap is >= 0f and <= 0.9f
            ? (Math.Max(1, (int)MathF.Round(tile.Width * (1 - overlap))), Math.Max(1, (int)MathF.Round(tile.Height * (1 - overlap))))
            : throw new PerceptionException(PerceptionErrors.RequestInvalid, $"Overlap must be between 0 and 0.9, not {overlap}.");

    /// <summary>The window positions: every step along each side, the last tile flush with the far edge; a side shorter than a tile is one tile.</summary>
    public static IReadOnlyList<BoundingBox> Tiles(int width, int height, (int Width, int Height) tile, (int X, int Y) step)
    {
        var xs = Positions(width, tile.Width, step.X);
        var ys = Positions(height, tile.Height, step.Y);
        return [.. ys.SelectMany(y => xs.Select(x => new BoundingBox(x, y, Math.Min(tile.Width, width), Math.Min(tile.Height, height))))];
    }

    private static List<int> Positions(int side, int tile, int step)
    {
        var positions = new List<int>();
        for (var p = 0; p + tile < side; p += step)
        {
            positions.Add(p);
        }

        positions.Add(Math.Max(0, side - tile));
        return [.. positions.Distinct()];
    }
}
