using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IntegrationHub.Benchmarks;

/// <summary>
/// The baseline: RabbitMQ.Client publishing to a durable quorum queue with persistent messages and publisher confirms,
/// and consuming it with manual acks after handling; a fresh queue each run, deleted after.
/// </summary>
internal static class BareRabbitMqLoop
{
    public static async Task<BusRun> RunAsync(BusBenchmarkOptions options, CancellationToken cancellationToken)
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

        var properties = new BasicProperties { Persistent = true };
        var run = await BusRun.MeasureAsync(options.Messages, options.InFlight, async i =>
        {
            var body = BitConverter.GetBytes(Stopwatch.GetTimestamp()).Concat(Encoding.UTF8.GetBytes($"ping {i}")).ToArray();
            await publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body, cancellationToken);
        }, done.Task, latency, cancellationToken);
        await publisher.QueueDeleteAsync(queue, cancellationToken: cancellationToken);
        return run;
    }
}
