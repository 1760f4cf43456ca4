using IntegrationHub.Contracts.Workers.Perception;
using SkiaSharp;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

[Collection(PerceptionCollection.Name)]
public sealed class DetectionTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("tiny-yolov8")]
    [InlineData("tiny-yolov5")]
    public async Task Yolo_layouts_decode_letterboxed_boxes_with_classwise_nms(string model)
    {
        // 128×64 source → 64×32 in the 64×64 input, padded 16 above: scale 0.5, pad (0, 16).
        var reply = await fixture.Perception.DetectAsync(new DetectRequest(model, [new ImageInput("a", FixtureImage(128, 64))]));

        Assert.Null(reply.Error);
        var result = Assert.Single(reply.Results);
        Assert.Null(result.Error);
        Assert.Equal((128, 64), (result.Width, result.Height));
        foreach (var d in result.Detections)
        {
            output.WriteLine($"{d.Label} {d.Score:F2} {d.Box}");
        }

        // Anchor 1 (same cat box, lower score) is suppressed; anchor 2 (same box, dog) survives: NMS is per class.
        Assert.Collection(
            result.Detections,
            d => AssertDetection(d, "cat", 0.9f, 44, 22, 40, 20),
            d => AssertDetection(d, "dog", 0.7f, 44, 22, 40, 20),
            d => AssertDetection(d, "dog", 0.6f, 90, 42, 20, 12));
    }

    [Fact]
    public async Task Yolo_thresholds_from_the_request_win()
    {
        var reply = await fixture.Perception.DetectAsync(new DetectRequest("tiny-yolov8", [new ImageInput("a", FixtureImage(128, 64))], ScoreThreshold: 0.65f, MaxDetections: 5));
        Assert.Equal(["cat", "dog"], reply.Results[0].Detections.Select(d => d.Label));

        var noNms = await fixture.Perception.DetectAsync(new DetectRequest("tiny-yolov8", [new ImageInput("a", FixtureImage(128, 64))], IouThreshold: 0.99f));
        Assert.Equal(4, noNms.Results[0].Detections.Count);
    }

    [Fact]
    public async Task OmDet_layout_uses_text_encoder_embeddings_sigmoid_topk_and_nms()
    {
        var request = new DetectRequest("tiny-omdet", [new ImageInput("site", FixtureImage(200, 100))], ClassNames: ["person", "helmet"]);
        var reply = await fixture.Perception.DetectAsync(request);

        Assert.Null(reply.Error);
        var result = Assert.Single(reply.Results);
        Assert.Null(result.Error);
        foreach (var d in result.Detections)
        {
            output.WriteLine($"{d.Label} {d.Score:F5} {d.Box}");
        }

        // Query 0 matches helmet's embedding (logit 10), query 1 is its near-duplicate (suppressed), query 2 person (logit 6);
        // query 3 matches crane, which was not asked for.
        Assert.Collection(
            result.Detections,
            d => AssertDetection(d, "helmet", 1f / (1f + MathF.Exp(-10)), 30, 15, 40, 20, classId: 1),
            d => AssertDetection(d, "person", 1f / (1f + MathF.Exp(-6)), 120, 40, 40, 40, classId: 0));

        // Class order follows the request: the same model answers the other way round.
        var swapped = await fixture.Perception.DetectAsync(request with { ClassNames = ["helmet", "crane"] });
        Assert.Equal(["helmet", "crane"], swapped.Results[0].Detections.Select(d => d.Label));

        var model = await fixture.Host.GetAsync("tiny-omdet");
        Assert.Equal(3, model.PooledTextCache!.Count);
    }

    [Fact]
    public async Task OmDet_without_class_names_is_an_error_reply()
    {
        var reply = await fixture.Perception.DetectAsync(new DetectRequest("tiny-omdet", [new ImageInput("a", FixtureImage(20, 20))]));
        Assert.Equal(PerceptionErrors.RequestInvalid, reply.Error?.Code);
    }

    [Fact]
    public async Task Concurrent_requests_are_batched_and_each_gets_its_own_answer()
    {
        var model = await fixture.Host.GetAsync("tiny-rgb");
        Assert.True(model.Runner!.Batching);
        SKColor[] colors = [SKColors.Red, SKColors.Lime, SKColors.Blue];
        var requests = Enumerable.Range(0, 48).Select(i => (Expected: i % 3, Bytes: PerceptionFixture.SolidPng(8 + i, 8, colors[i % 3]))).ToList();
        var (runs, items) = (model.Runner.Runs, model.Runner.Items);
        var replies = await Task.WhenAll(requests.Select(r => fixture.Perception.ClassifyAsync(new ClassifyRequest("tiny-rgb", [new ImageInput(null, r.Bytes)], TopK: 1))));
        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(requests[i].Expected, replies[i].Results[0].Labels[0].ClassId);
        }

        (runs, items) = (model.Runner.Runs - runs, model.Runner.Items - items);
        output.WriteLine($"{items} images in {runs} runs: mean batch {(double)items / runs:F1}");
        Assert.Equal(requests.Count, items);
        Assert.True(runs < items, "no batch had more than one image");
    }

    private static void AssertDetection(Detection d, string label, float score, float x, float y, float w, float h, int? classId = null)
    {
        Assert.Equal(label, d.Label);
        if (classId is not null)
        {
            Assert.Equal(classId, d.ClassId);
        }

        Assert.Equal(score, d.Score, 4);
        Assert.Equal(x, d.Box.X, 2);
        Assert.Equal(y, d.Box.Y, 2);
        Assert.Equal(w, d.Box.Width, 2);
        Assert.Equal(h, d.Box.Height, 2);
    }

    internal static byte[] FixtureImage(int width, int height) => PerceptionFixture.SolidPng(width, height, new SKColor(90, 120, 150));
}
