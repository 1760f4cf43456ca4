using System.Text;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Engine;
using SkiaSharp;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

[Collection(PerceptionCollection.Name)]
public sealed class BadInputTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> Images => new()
    {
        { "corrupt", PerceptionErrors.ImageCorrupt },
        { "truncated", PerceptionErrors.ImageTruncated },
        { "tiff", PerceptionErrors.ImageUnsupported },
        { "empty", PerceptionErrors.ImageEmpty },
        { "huge", PerceptionErrors.ImageTooLarge },
        { "outside", PerceptionErrors.ReferenceNotAllowed },
        { "traversal", PerceptionErrors.ReferenceNotAllowed },
        { "url", PerceptionErrors.ReferenceNotAllowed },
        { "missing", PerceptionErrors.ImageMissing },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Bad_image_gets_an_error_reply_and_the_worker_keeps_serving(string kind, string code)
    {
        var good = new ImageInput("good", DetectionTests.FixtureImage(128, 64));
        var reply = await fixture.Perception.DetectAsync(new DetectRequest("tiny-yolov8", [BadImage(kind), good]));

        Assert.Null(reply.Error);
        var bad = reply.Results[0];
        output.WriteLine($"{kind}: {bad.Error}");
        Assert.Equal(code, bad.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(bad.Error!.Message));
        Assert.Empty(bad.Detections);

        // The good image in the same request, and the next request, are answered.
        Assert.Equal(3, reply.Results[1].Detections.Count);
        var next = await fixture.Perception.EmbedAsync(new EmbedRequest([good], "tiny-rgb"));
        Assert.Null(next.Results[0].Error);
    }

    [Theory]
    [InlineData("no-such-model", PerceptionErrors.ModelUnknown)]
    [InlineData("../ppocr-v4", PerceptionErrors.ModelUnknown)]
    [InlineData("tiny-wrong-input", PerceptionErrors.TensorShape)]
    [InlineData("resnet18-features", PerceptionErrors.ModelWrongTask)]
    public async Task Bad_model_gets_an_error_reply(string model, string code)
    {
        var reply = await fixture.Perception.DetectAsync(new DetectRequest(model, [new ImageInput("a", DetectionTests.FixtureImage(16, 16))]));
        output.WriteLine($"{model}: {reply.Error}");
        Assert.Equal(code, reply.Error?.Code);
        Assert.Empty(reply.Results);
    }

    [Fact]
    public async Task Output_shape_that_does_not_fit_the_labels_is_a_tensor_shape_error()
    {
        var reply = await fixture.Perception.DetectAsync(new DetectRequest("tiny-wrong-labels", [new ImageInput("a", DetectionTests.FixtureImage(16, 16))]));
        output.WriteLine(reply.Results[0].Error?.ToString());
        Assert.Equal(PerceptionErrors.TensorShape, reply.Results[0].Error?.Code);
    }

    [Fact]
    public async Task Model_whose_hash_does_not_match_is_refused_naming_the_file()
    {
        TinyModels.WriteBadHash(fixture.ModelsPath);
        var reply = await fixture.Perception.DetectAsync(new DetectRequest("tiny-bad-hash", [new ImageInput("a", DetectionTests.FixtureImage(16, 16))]));
        output.WriteLine(reply.Error?.ToString());
        Assert.Equal(PerceptionErrors.ModelHashMismatch, reply.Error?.Code);
        Assert.Contains("tiny-yolov8.onnx", reply.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_request_and_allowed_reference_work_as_expected()
    {
        var empty = await fixture.Perception.ClassifyAsync(new ClassifyRequest("tiny-rgb", []));
        Assert.Equal(PerceptionErrors.RequestInvalid, empty.Error?.Code);

        var path = Path.Combine(fixture.ImagesPath, "red.png");
        await File.WriteAllBytesAsync(path, PerceptionFixture.SolidPng(10, 10, SKColors.Red));
        var byReference = await fixture.Perception.ClassifyAsync(new ClassifyRequest("tiny-rgb", [new ImageInput("r", Reference: path)], TopK: 1));
        Assert.Equal("red", byReference.Results[0].Labels[0].Label);
    }

    [Fact]
    public async Task Url_reference_on_an_allowed_host_is_fetched()
    {
        using var listener = new System.Net.HttpListener();
        int port;
        string prefix;
        for (port = 18000 + Random.Shared.Next(2000); ; port++)
        {
            prefix = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Clear();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                break;
            }
            catch (System.Net.HttpListenerException)
            {
            }
        }

        var png = PerceptionFixture.SolidPng(12, 12, SKColors.Blue);
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/blue.png" ? 200 : 404;
            if (context.Response.StatusCode == 200)
            {
                await context.Response.OutputStream.WriteAsync(png);
            }

            context.Response.Close();
        });

        var settings = fixture.Settings;
        settings["Perception:AllowedUrlHosts:0"] = $"127.0.0.1:{port}";
        await using var services = PerceptionFixture.BuildServices(settings);
        var perception = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IPerceptionService>(services);
        var reply = await perception.ClassifyAsync(new ClassifyRequest("tiny-rgb", [new ImageInput("u", Reference: prefix + "blue.png")], TopK: 1));
        await serve;
        Assert.Equal("blue", reply.Results[0].Labels[0].Label);

        var otherPort = await perception.ClassifyAsync(new ClassifyRequest("tiny-rgb", [new ImageInput("u", Reference: $"http://127.0.0.1:{port + 1}/blue.png")]));
        Assert.Equal(PerceptionErrors.ReferenceNotAllowed, otherPort.Results[0].Error?.Code);
    }

    private ImageInput BadImage(string kind)
    {
        var png = PerceptionFixture.SolidPng(300, 200, SKColors.Orange);
        return kind switch
        {
            "corrupt" => new ImageInput(kind, Encoding.ASCII.GetBytes(new string('x', 500))),
            "truncated" => new ImageInput(kind, Truncated()),
            "tiff" => new ImageInput(kind, [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0, 0, 0]),
            "empty" => new ImageInput(kind, []),
            "huge" => new ImageInput(kind, HugeBmpHeader(20000, 20000)),
            "outside" => new ImageInput(kind, Reference: "/etc/hostname"),
            "traversal" => new ImageInput(kind, Reference: Path.Combine(fixture.ImagesPath, "..", "models", "tiny-rgb.json")),
            "url" => new ImageInput(kind, Reference: "http://example.com/a.png"),
            "missing" => new ImageInput(kind),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        byte[] Truncated()
        {
            using var bitmap = new SKBitmap(300, 200);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.White);
                using var paint = new SKPaint { Color = SKColors.Black };
                for (var i = 0; i < 200; i += 4)
                {
                    canvas.DrawLine(0, i, 300, 200 - i, paint);
                }
            }

            var jpeg = PerceptionFixture.Jpeg(bitmap, 90);
            return jpeg[..(jpeg.Length / 2)];
        }
    }

    /// <summary>A BMP header announcing width×height 24-bit pixels, with no pixel data: refused from the header alone.</summary>
    private static byte[] HugeBmpHeader(int width, int height)
    {
        var b = new byte[54 + 16];
        var w = new BinaryWriter(new MemoryStream(b));
        w.Write((byte)'B');
        w.Write((byte)'M');
        w.Write(54 + width * 3 * height);
        w.Write(0);
        w.Write(54);
        w.Write(40);
        w.Write(width);
        w.Write(height);
        w.Write((short)1);
        w.Write((short)24);
        w.Write(0);
        w.Write(width * 3 * height);
        w.Write(2835);
        w.Write(2835);
        w.Write(0);
        w.Write(0);
        return b;
    }
}
