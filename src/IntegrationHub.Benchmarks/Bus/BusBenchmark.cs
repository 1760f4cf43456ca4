using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Host;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IntegrationHub.Benchmarks;

/// <param name="Messages">Messages per run.</param>
/// <param name="InFlight">Publishes awaiting their broker confirm at once (both runs).</param>
/// <param name="Storage">Hub database: <c>sqlite</c> (a temp file) or a PostgreSQL connection string.</param>
public sealed record BusBenchmarkOptions(int Messages, Uri RabbitMq, int InFlight, int Prefetch, string Storage);

public sealed record BusBenchmarkResult(double HubMessagesPerSecond, double RawMessagesPerSecond, double P50Ms, double P99Ms, double RawP50Ms, double RawP99Ms)
{
    public double Ratio => HubMessagesPerSecond / RawMessagesPerSecond;
}

/// <summary>
/// <c>hub bench bus</c>: small messages end to end through a plugin handler (the Diagnostics plugin's
/// <see cref="Ping"/>, inbox on, committed in the store's unit of work) on RabbitMQ, published by the hub's
/// <see cref="IContractPublisher"/> (the outbox's publish port, without the store), against a bare RabbitMQ.Client loop
/// in the same process with the same durability: durable quorum queue, persistent messages, publisher confirms, ack
/// after handling.
/// </summary>
public sealed class BusBenchmark(BusBenchmarkOptions options, IReadOnlyList<IHubModule> modules, TextWriter log)
{
    public async Task<BusBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        log.WriteLine($"bare RabbitMQ.Client loop: {options.Messages} messages, {options.InFlight} in flight, prefetch {options.Prefetch}");
        var (rawRate, rawLatency) = await RunRawAsync(cancellationToken);
        log.WriteLine($"  {rawRate:0} msg/s, p50 {rawLatency.Percentile(50):0.0} ms, p99 {rawLatency.Percentile(99):0.0} ms");

        log.WriteLine($"hub: {options.Messages} hub.ping through the Diagnostics plugin (inbox on, storage {(options.Storage == "sqlite" ? "SQLite" : "PostgreSQL")})");
        var (hubRate, hubLatency) = await RunHubAsync(cancellationToken);
        log.WriteLine($"  {hubRate:0} msg/s, p50 {hubLatency.Percentile(50):0.0} ms, p99 {hubLatency.Percentile(99):0.0} ms");
        return new BusBenchmarkResult(hubRate, rawRate, hubLatency.Percentile(50), hubLatency.Percentile(99), rawLatency.Percentile(50), rawLatency.Percentile(99));
    }

    private async Task<(double Rate, LatencyRecorder Latency)> RunRawAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = options.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await using var consumerChannel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = $"bench.raw.{Guid.NewGuid():N}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await consumerChannel.BasicQosAsync(0, (ushort)options.Prefetch, false, cancellationToken);

        var latency = new LatencyRecorder(options.Messages);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var sent = BitConverter.ToInt64(delivery.Body.Span);
            latency.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (latency.Count >= options.Messages)
            {
                done.TrySetResult();
            }
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var cpu = ProcessCpu.Start();
        var properties = new BasicProperties { Persistent = true };
        await PublishConcurrentlyAsync(options.Messages, options.InFlight, async i =>
        {
            var body = BitConverter.GetBytes(Stopwatch.GetTimestamp()).Concat(Encoding.UTF8.GetBytes($"ping {i}")).ToArray();
            await publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body, cancellationToken);
        });
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        log.WriteLine($"  this process: {cpu.MicrosecondsPer(options.Messages):0} µs CPU per message ({cpu.CoresBusy(elapsed):0.00} cores busy)");
        await publisher.QueueDeleteAsync(queue, cancellationToken: cancellationToken);
        return (options.Messages / elapsed.TotalSeconds, latency);
    }

    private async Task<(double Rate, LatencyRecorder Latency)> RunHubAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("hub-bench-");
        var plugins = Directory.CreateDirectory(Path.Combine(data.FullName, "plugins"));
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "plugins", "Diagnostics"), Path.Combine(plugins.FullName, "Diagnostics"));
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = data.FullName,
            ["Hub:PluginsPath"] = plugins.FullName,
            ["Hub:Bus:Transport"] = "RabbitMq",
            ["Hub:Bus:RabbitMq:Host"] = options.RabbitMq.Host,
            ["Hub:Bus:RabbitMq:Port"] = options.RabbitMq.Port.ToString(),
            ["Hub:Bus:RabbitMq:VirtualHost"] = Uri.UnescapeDataString(options.RabbitMq.AbsolutePath.TrimStart('/')) is { Length: > 0 } vhost ? vhost : "/",
            ["Hub:Bus:RabbitMq:Username"] = options.RabbitMq.UserInfo.Split(':')[0],
            ["Hub:Bus:RabbitMq:Password"] = options.RabbitMq.UserInfo.Split(':').ElementAtOrDefault(1) ?? "guest",
            ["Hub:Bus:PrefetchCount"] = options.Prefetch.ToString(),
            ["Hub:Bus:ConcurrencyLimit"] = options.Prefetch.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (options.Storage != "sqlite")
        {
            settings["Hub:Storage:Provider"] = "PostgreSql";
            settings["Hub:Storage:ConnectionString"] = options.Storage;
        }

        var app = HubRuntime.Build(["--urls=http://127.0.0.1:0"], modules, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);
        try
        {
            var publisher = app.Services.GetRequiredService<IContractPublisher>();
            var contracts = app.Services.GetRequiredService<ContractRegistry>();
            await publisher.PublishAsync(ContractMessage.Of(new Ping(Guid.NewGuid(), DateTimeOffset.UtcNow, "warm-up"), contracts), cancellationToken);
            using var listener = new AgeListener(options.Messages);
            await listener.WarmUpAsync();
            listener.Reset();

            var started = Stopwatch.GetTimestamp();
            var cpu = ProcessCpu.Start();
            await PublishConcurrentlyAsync(options.Messages, options.InFlight, _ => publisher.PublishAsync(ContractMessage.Of(new Ping(Guid.NewGuid(), DateTimeOffset.UtcNow), contracts), cancellationToken));
            await listener.Done.Task.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            log.WriteLine($"  this process: {cpu.MicrosecondsPer(options.Messages):0} µs CPU per message ({cpu.CoresBusy(elapsed):0.00} cores busy)");
            return (options.Messages / elapsed.TotalSeconds, listener.Latency);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task PublishConcurrentlyAsync(int count, int inFlight, Func<int, Task> publish)
    {
        using var gate = new SemaphoreSlim(inFlight);
        var pending = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync();
            var index = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await publish(index);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(pending);
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>CPU this process spent since <see cref="Start"/>: says whether a run is bound by the process or waits on the broker.</summary>
    private sealed class ProcessCpu
    {
        private readonly TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;

        public static ProcessCpu Start() => new();

        private TimeSpan Used => Process.GetCurrentProcess().TotalProcessorTime - _start;

        public double MicrosecondsPer(int messages) => Used.TotalMicroseconds / messages;

        public double CoresBusy(TimeSpan elapsed) => Used / elapsed;
    }

    /// <summary>Listens to the hub's own end-to-end latency instrument for hub.ping.</summary>
    private sealed class AgeListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly int _expected;
        private TaskCompletionSource _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AgeListener(int expected)
        {
            _expected = expected;
            Latency = new LatencyRecorder(expected);
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.AgeInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                _warm.TrySetResult();
                Latency.Add(value);
                if (Latency.Count >= _expected)
                {
                    Done.TrySetResult();
                }
            });
            _listener.Start();
        }

        public LatencyRecorder Latency { get; private set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WarmUpAsync() => _warm.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Reset() => Latency = new LatencyRecorder(_expected);

        public void Dispose() => _listener.Dispose();
    }
}
