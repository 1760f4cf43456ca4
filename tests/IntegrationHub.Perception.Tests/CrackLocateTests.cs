using IntegrationHub.Contracts.Workers.Perception;
using SkiaSharp;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

/// <summary><c>perception.locate</c>: a large photo composed of real crack and clean tiles; the crack tiles come back as boxes.</summary>
[Collection(PerceptionCollection.Name)]
public sealed class CrackLocateTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    private const int Columns = 9;
    private const int Rows = 6;
    private static readonly (int Column, int Row)[] CrackCells = [(1, 1), (2, 1), (3, 1), (6, 4), (7, 4), (0, 5), (8, 0)];

    [SkippableFact]
    public async Task Locate_returns_the_crack_tiles_of_a_2043_by_1020_photo_as_boxes()
    {
        Skip.If(CrackPhotos.Root is null, CrackPhotos.Missing);
        var cracks = new Queue<string>(CrackPhotos.Test(true, CrackCells.Length, every: 7, offset: 2));
        var clean = new Queue<string>(CrackPhotos.Test(false, Columns * Rows, every: 9, offset: 4));
        using var first = CrackPhotos.Decode(cracks.Peek());
        var (tw, th) = (first.Width, first.Height);
        using var photo = new SKBitmap(tw * Columns, th * Rows);
        using (var canvas = new SKCanvas(photo))
        {
            for (var row = 0; row < Rows; row++)
            {
                for (var column = 0; column < Columns; column++)
                {
                    using var tile = CrackPhotos.Decode(CrackCells.Contains((column, row)) ? cracks.Dequeue() : clean.Dequeue());
                    canvas.DrawBitmap(tile, column * tw, row * th);
                }
            }
        }

        var reply = await fixture.Perception.LocateAsync(new LocateRequest("concrete-crack", [new ImageInput("wall", PerceptionFixture.Jpeg(photo, 92))], ["crack"]));

        Assert.Null(reply.Error);
        var result = Assert.Single(reply.Results);
        Assert.Null(result.Error);
        Assert.Equal((tw * Columns, th * Rows), (result.Width, result.Height));
        var found = result.Detections.Select(d => ((int)d.Box.X / tw, (int)d.Box.Y / th)).ToHashSet();
        Assert.All(result.Detections, d => Assert.Equal(("crack", (float)tw, (float)th), (d.Label, d.Box.Width, d.Box.Height)));
        var hits = CrackCells.Count(found.Contains);
        var falseAlarms = found.Count(c => !CrackCells.Contains(c));
        output.WriteLine($"{photo.Width}×{photo.Height}, {Columns * Rows} tiles in {reply.Meta!.LatencyMs:F0} ms: {hits}/{CrackCells.Length} crack tiles found, {falseAlarms} clean tiles flagged");
        Assert.True(hits >= CrackCells.Length - 1, $"{hits}/{CrackCells.Length} crack tiles found");
        Assert.True(falseAlarms <= 1, $"{falseAlarms} clean tiles flagged");
    }

    [Fact]
    public void Tiles_cover_the_image_with_the_last_tile_flush_with_the_far_edge()
    {
        var tiles = Tasks.LocateHandler.Tiles(500, 170, (227, 170), (227, 170));
        Assert.Equal([0f, 227f, 273f], tiles.Select(t => t.X));
        Assert.All(tiles, t => Assert.Equal((0f, 227f, 170f), (t.Y, t.Width, t.Height)));
        Assert.Single(Tasks.LocateHandler.Tiles(100, 80, (227, 170), (227, 170)));
    }

    [Fact]
    public async Task Locate_refuses_labels_the_model_does_not_have()
    {
        var reply = await fixture.Perception.LocateAsync(new LocateRequest("concrete-crack", [new ImageInput("a", PerceptionFixture.SolidPng(300, 200, SKColors.Gray))], ["leak"]));
        Assert.Equal(PerceptionErrors.RequestInvalid, reply.Error?.Code);
    }
}
