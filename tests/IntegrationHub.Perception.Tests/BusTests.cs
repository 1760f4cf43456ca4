using System.Net.Sockets;
using IntegrationHub.Contracts.Workers.Perception;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

/// <summary>The same requests through a MassTransit bus answer exactly as in-process.</summary>
[Collection(PerceptionCollection.Name)]
public sealed class BusTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Requests_over_RabbitMQ_answer_identically_to_in_process()
    {
        var url = Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";
        var reason = await UnreachableAsync(new Uri(url));
        if (reason is not null && Environment.GetEnvironmentVariable("HUB_REQUIRE_INFRA") == "1")
        {
            Assert.Fail($"RabbitMQ required (HUB_REQUIRE_INFRA=1) but {reason}");
        }

        Skip.If(reason is not null, $"RabbitMQ not reachable at {url}: {reason}");
        await RunThroughBusAsync(x => x.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(new Uri(url));
            cfg.ConfigureEndpoints(context);
        }));
    }

    [Fact]
    public async Task Requests_over_the_in_memory_bus_answer_identically_to_in_process() =>
        await RunThroughBusAsync(x => x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context)));

    private async Task RunThroughBusAsync(Action<IBusRegistrationConfigurator> transport)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(fixture.Settings).Build();
        var services = new ServiceCollection()
            .AddPerceptionWorker(configuration)
            .AddMassTransit(x =>
            {
                // A queue of its own, deleted afterwards: the broker may be shared with a hub whose "perception" queue is a quorum queue.
                x.AddPerceptionConsumers(endpointName: "perception-test-" + Guid.NewGuid().ToString("N")[..8], temporary: true);
                transport(x);
            });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        try
        {
            var (page, _) = TestImages.Page(["Work order WO-2024-00318", "主变压器油温正常"], 1);
            using var scene = TestImages.Scene(0);
            var image = new ImageInput("yolo", DetectionTests.FixtureImage(128, 64));
            var corrupt = new ImageInput("corrupt", [1, 2, 3, 4, 5]);

            await Same(bus, new DetectRequest("tiny-yolov8", [image, corrupt]), r => fixture.Perception.DetectAsync(r), r => (r.Results, r.Error));
            await Same(bus, new DetectRequest("tiny-omdet", [image], ["person", "helmet"]), r => fixture.Perception.DetectAsync(r), r => (r.Results, r.Error));
            await Same(bus, new DetectRequest("no-such-model", [image]), r => fixture.Perception.DetectAsync(r), r => (r.Results, r.Error));
            await Same(bus, new ClassifyRequest("tiny-rgb", [image], TopK: 2), r => fixture.Perception.ClassifyAsync(r), r => (r.Results, r.Error));
            await Same(bus, new EmbedRequest([new ImageInput("scene", PerceptionFixture.Png(scene))]), r => fixture.Perception.EmbedAsync(r), r => (r.Results, r.Error));
            await Same(bus, new ReadTextRequest([new ImageInput("page", page)]), r => fixture.Perception.ReadTextAsync(r), r => (r.Results, r.Error));
            var crack = new ImageInput("drawn-crack", DrawnCrack());
            await Same(bus, new LocateRequest("concrete-crack", [crack, corrupt], ["crack"]), r => fixture.Perception.LocateAsync(r), r => (r.Results, r.Error));
            await Same(bus, new MeasureCracksRequest([crack, corrupt], MillimetresPerPixel: 0.2), r => fixture.Perception.MeasureCracksAsync(r), r => (r.Results, r.Error));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private async Task Same<TRequest, TReply>(IBus bus, TRequest request, Func<TRequest, Task<TReply>> inProcess, Func<TReply, object> content)
        where TRequest : class
        where TReply : class
    {
        var client = bus.CreateRequestClient<TRequest>(RequestTimeout.After(s: 120));
        var overBus = await client.GetResponse<TReply>(request);
        var local = await inProcess(request);
        var (a, b) = (PerceptionFixture.Json(content(overBus.Message)), PerceptionFixture.Json(content(local)));
        output.WriteLine($"{typeof(TRequest).Name}: {a[..Math.Min(a.Length, 200)]}");
        Assert.Equal(b, a);
    }

    private static byte[] DrawnCrack()
    {
        using var surface = CrackGeometryTests.Surface(454, 340, seed: 5);
        using (var canvas = new SkiaSharp.SKCanvas(surface))
        using (var paint = new SkiaSharp.SKPaint { Color = new SkiaSharp.SKColor(50, 50, 50), StrokeWidth = 4, IsAntialias = true })
        {
            canvas.DrawLine(40, 60, 400, 290, paint);
        }

        return PerceptionFixture.Png(surface);
    }

    private static async Task<string?> UnreachableAsync(Uri url)
    {
        try
        {
            using var tcp = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await tcp.ConnectAsync(url.Host, url.Port > 0 ? url.Port : 5672, timeout.Token);
            return null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return ex.Message;
        }
    }
}
