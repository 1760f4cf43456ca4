using System.Net;
using System.Text.Json;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Outbox;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using SkiaSharp;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// A worker (<c>hub worker perception</c>) is the worker host alone: the bus, telemetry, <c>/health</c> and
/// <c>/metrics</c>, and the worker's consumers. It needs only the broker; given a database and a db-table connector
/// (both a <see cref="ConnectionTrap"/>), it never connects to either and runs no migration, outbox, scheduler,
/// connector or plugin.
/// </summary>
public sealed class WorkerHostTests
{
    [Fact]
    public async Task A_worker_host_runs_none_of_the_hub_runtime_and_opens_no_database_connection()
    {
        using var trap = ConnectionTrap.Start();
        var data = Directory.CreateTempSubdirectory("hub-worker-");
        var settings = DatabaseAndConnectorAt(trap, data.FullName);
        var app = WorkerHost.Build(["--urls=http://127.0.0.1:0"], [new PerceptionModule()], b => b.Configuration.AddInMemoryCollection(settings));
        try
        {
            var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
            Assert.Contains(hosted, t => t.Namespace?.StartsWith("MassTransit", StringComparison.Ordinal) == true);
            Assert.Contains(typeof(Monitoring.WorkerHeartbeatPublisher), hosted);
            Assert.DoesNotContain(hosted, IsHubRuntimePart);
            Assert.Null(app.Services.GetService<HubDatabase>());
            Assert.Null(app.Services.GetService<DeliveryOutboxStore>());
            Assert.Null(app.Services.GetService<PublishOutboxStore>());
            Assert.Null(app.Services.GetService<TimerChangeStore>());
            Assert.Null(app.Services.GetService<ISchedulerFactory>());
            Assert.Null(app.Services.GetService<IConnectorRegistry>());
            Assert.Null(app.Services.GetService<PluginManager>());

            await app.StartAsync();
            var reply = await app.Services.GetRequiredService<IWorkerClient>().RequestAsync<EmbedRequest, EmbedReply>(
                new EmbedRequest([new ImageInput("a", Picture(0))]), TimeSpan.FromMinutes(2));
            Assert.Null(reply.Error);
            Assert.Equal(512, Assert.Single(reply.Results).Vector.Length);

            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            await AssertOnlyHealthAndMetricsAsync(http);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Assert.Equal(0, trap.Connections);
        Assert.Empty(data.EnumerateFileSystemInfos());
        data.Delete(recursive: true);
    }

    /// <summary>The predicate above finds the hub runtime's own hosted services where they are composed (so its absence means something).</summary>
    [Fact]
    public void The_hub_runtime_composes_what_the_worker_host_leaves_out()
    {
        var data = Directory.CreateTempSubdirectory("hub-runtime-");
        try
        {
            var services = new ServiceCollection();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:DataDirectory"] = data.FullName }).Build();
            HubRuntime.AddHubRuntime(services, configuration, []);
            var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).OfType<Type>().ToList();
            Assert.Contains(hosted, t => t.Name == "DatabaseMigrationService");
            Assert.Contains(hosted, t => t.Name == "DeliveryDispatcher");
            Assert.Contains(hosted, t => t.Name == "PublishDispatcher");
            Assert.Contains(hosted, t => t.Name == "TimerChangeDispatcher");
            Assert.Contains(hosted, t => t.Name == "DbTableStatusPoller");
            Assert.Contains(hosted, t => t.Name == "QuartzHostedService");
            Assert.Contains(hosted, t => t.Name == "PluginStartupService");
            Assert.All(hosted.Where(t => t.Name is "DatabaseMigrationService" or "DeliveryDispatcher" or "PublishDispatcher" or "TimerChangeDispatcher" or "DbTableStatusPoller" or "QuartzHostedService" or "PluginStartupService"), t => Assert.True(IsHubRuntimePart(t), t.FullName));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Issue 9: <c>hub worker perception</c> as its own process with only the broker reachable (its database and
    /// db-table connector point at a trap) answers real perception requests over RabbitMQ, sent by a client that
    /// composes the same bus with no worker of its own; it never connects to the database.
    /// </summary>
    [SkippableFact]
    public async Task A_worker_process_with_only_the_broker_answers_perception_requests_over_RabbitMQ()
    {
        var unavailable = TestInfrastructure.RabbitMqUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        using var trap = ConnectionTrap.Start();
        var data = Directory.CreateTempSubdirectory("hub-worker-");
        try
        {
            var rabbit = new Uri(TestInfrastructure.RabbitMqUri);
            var broker = new Dictionary<string, string?>
            {
                ["Hub:Bus:Transport"] = "RabbitMq",
                ["Hub:Bus:RabbitMq:Host"] = rabbit.Host,
                ["Hub:Bus:RabbitMq:Port"] = (rabbit.Port > 0 ? rabbit.Port : 5672).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Hub:Bus:RabbitMq:VirtualHost"] = virtualHost,
            };
            var port = HubCliProcess.FreePort();
            using var worker = HubCliProcess.Start(["worker", "perception", $"--urls=http://127.0.0.1:{port}"], broker.Concat(DatabaseAndConnectorAt(trap, data.FullName)));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(worker.HasExited, "the worker process exited:\n" + worker.Output);
                try
                {
                    return (await http.GetAsync("/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), "the worker process healthy");

            var client = await WorkerHost.StartBusAsync(new ConfigurationBuilder().AddInMemoryCollection(broker).Build(), [], CancellationToken.None);
            try
            {
                var workers = client.Services.GetRequiredService<IWorkerClient>();
                var text = await workers.RequestAsync<ReadTextRequest, ReadTextReply>(new ReadTextRequest([new ImageInput("page", Page("Work order WO-2024-00318"))]), TimeSpan.FromMinutes(2));
                Assert.Null(text.Error);
                Assert.Contains(Assert.Single(text.Results).Lines, l => l.Text.Contains("WO-2024-00318", StringComparison.Ordinal));

                var embed = await workers.RequestAsync<EmbedRequest, EmbedReply>(
                    new EmbedRequest([new ImageInput("a", Picture(0)), new ImageInput("a-again", Picture(0)), new ImageInput("b", Picture(1))]), TimeSpan.FromMinutes(2));
                Assert.Null(embed.Error);
                var (a, again, b) = (embed.Results[0].Vector, embed.Results[1].Vector, embed.Results[2].Vector);
                Assert.Equal(512, a.Length);
                Assert.InRange(Cosine(a, again), 0.999, 1.001);
                Assert.True(Cosine(a, b) < 0.99, $"different pictures embed differently (cosine {Cosine(a, b)})");
            }
            finally
            {
                await client.StopAsync();
                client.Dispose();
            }

            await AssertOnlyHealthAndMetricsAsync(http);
            Assert.Equal(0, trap.Connections);
            Assert.Empty(data.EnumerateFileSystemInfos());
        }
        finally
        {
            await TestInfrastructure.DeleteVirtualHostAsync(virtualHost);
            data.Delete(recursive: true);
        }
    }

    /// <summary>The worker's heartbeat is the one part of the hub's assembly a worker host runs (it needs only the bus).</summary>
    private static bool IsHubRuntimePart(Type type) =>
        (type.Assembly == typeof(HubRuntime).Assembly && type != typeof(Monitoring.WorkerHeartbeatPublisher))
        || type.Assembly == typeof(HubDatabase).Assembly
        || type.Assembly == typeof(IConnectorRegistry).Assembly
        || type.Assembly == typeof(ISchedulerFactory).Assembly
        || type.Namespace?.StartsWith("Quartz", StringComparison.Ordinal) == true;

    /// <summary>A hub database and a db-table connector both at the trap, an empty data folder, the repository's models.</summary>
    private static Dictionary<string, string?> DatabaseAndConnectorAt(ConnectionTrap trap, string dataDirectory)
    {
        var models = Path.Combine(PluginFolders.RepositoryRoot(), "models");
        return new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = dataDirectory,
            ["Hub:Storage:Provider"] = "PostgreSql",
            ["Hub:Storage:ConnectionString"] = trap.PostgresConnectionString,
            ["Connectors:erp:Kind"] = "db-table",
            ["Connectors:erp:Provider"] = "PostgreSql",
            ["Connectors:erp:ConnectionString"] = trap.PostgresConnectionString,
            ["Connectors:erp:Table"] = "wo_interface",
            ["Connectors:erp:PollInterval"] = "00:00:00.200",
            ["Perception:ModelsPath"] = models,
            ["Perception:CachePath"] = Path.Combine(models, "cache"),
        };
    }

    private static async Task AssertOnlyHealthAndMetricsAsync(HttpClient http)
    {
        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
        Assert.DoesNotContain("database", checks);
        Assert.DoesNotContain("plugins", checks);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/plugins")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static double Cosine(float[] x, float[] y) =>
        x.Zip(y, (p, q) => (double)p * q).Sum() / Math.Sqrt(x.Sum(v => (double)v * v) * y.Sum(v => (double)v * v));

    /// <summary>Coloured shapes, different per seed, as PNG.</summary>
    private static byte[] Picture(int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { IsAntialias = true })
        {
            canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            for (var i = 0; i < 12; i++)
            {
                paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                canvas.DrawRect(random.Next(320), random.Next(240), random.Next(20, 160), random.Next(20, 120), paint);
            }
        }

        return Png(bitmap);
    }

    /// <summary>One line of dark text on white, as PNG.</summary>
    private static byte[] Page(string line)
    {
        using var bitmap = new SKBitmap(900, 120);
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(SKTypeface.Default, 40))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            canvas.DrawText(line, 30, 75, SKTextAlign.Left, font, paint);
        }

        return Png(bitmap);
    }

    private static byte[] Png(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 90);
        return encoded.ToArray();
    }
}
