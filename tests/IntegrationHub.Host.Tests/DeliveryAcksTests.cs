using IntegrationHub.Host.Messaging.Consuming;
using IntegrationHub.Testing;
using RabbitMQ.Client;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// The plugin queues' consumer acks completed deliveries with one <c>multiple</c> ack per run of completed tags. Tried
/// on a real RabbitMQ queue: deliveries completed out of order are acked only once every earlier one has completed (a
/// channel closed before that gives them all back), and a delivery given back with requeue is delivered again while the
/// rest stay acked.
/// </summary>
public sealed class DeliveryAcksTests
{
    [SkippableFact]
    public async Task Deliveries_completed_out_of_order_are_acked_only_up_to_the_first_one_still_in_hand()
    {
        var unavailable = TestInfrastructure.RabbitMqUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var factory = new ConnectionFactory { Uri = new Uri(TestInfrastructure.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var setup = await connection.CreateChannelAsync();
        var queue = (await setup.QueueDeclareAsync($"test.acks.{Guid.NewGuid():N}", durable: false, exclusive: false, autoDelete: false)).QueueName;
        try
        {
            for (var i = 0; i < 10; i++)
            {
                await setup.BasicPublishAsync(string.Empty, queue, new[] { (byte)i });
            }

            // Tags 2..10 complete, tag 1 is still in hand: nothing may be acked, so closing the channel gives all ten back.
            await using (var channel = await connection.CreateChannelAsync())
            {
                var tags = await TakeAsync(channel, queue, 10);
                var acks = new DeliveryAcks(channel);
                foreach (var tag in tags.Skip(1).Reverse())
                {
                    await acks.CompleteAsync(tag);
                }
            }

            Assert.Equal(10u, await setup.MessageCountAsync(queue));

            // All complete, out of order, one given back: nine acked, one delivered again.
            await using (var channel = await connection.CreateChannelAsync())
            {
                var tags = await TakeAsync(channel, queue, 10);
                var acks = new DeliveryAcks(channel);
                foreach (var tag in tags.OrderBy(t => (t * 7) % 11))
                {
                    await acks.CompleteAsync(tag, requeue: tag == tags[4]);
                }

                await Eventually.TrueAsync(async () => await setup.MessageCountAsync(queue) == 1, TimeSpan.FromSeconds(10), "the requeued delivery back in the queue");
                await channel.CloseAsync();
            }

            Assert.Equal(1u, await setup.MessageCountAsync(queue));
        }
        finally
        {
            await setup.QueueDeleteAsync(queue);
        }
    }

    private static async Task<List<ulong>> TakeAsync(IChannel channel, string queue, int count)
    {
        var tags = new List<ulong>();
        while (tags.Count < count)
        {
            var result = await channel.BasicGetAsync(queue, autoAck: false) ?? throw new InvalidOperationException($"only {tags.Count} of {count} messages in {queue}");
            tags.Add(result.DeliveryTag);
        }

        return tags;
    }
}
