using RabbitMQ.Client;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// Acknowledges a channel's deliveries as they complete, in any order, with one <c>multiple</c> ack for each run of
/// completed tags: a group commit finishes its batch at once, so one frame acks the batch instead of one frame each.
/// A tag is acked only once every tag before it has completed too. A delivery that could not be kept anywhere is
/// given back to the queue instead (nack with requeue), before any multiple ack that would cover it.
/// </summary>
internal sealed class DeliveryAcks(IChannel channel)
{
    private readonly SortedSet<ulong> _completed = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Lock _lock = new();
    private ulong _nextToComplete = 1;
    private ulong _acked;

    public async Task CompleteAsync(ulong deliveryTag, bool requeue = false)
    {
        if (requeue)
        {
            await SendAsync(() => channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true).AsTask());
        }

        lock (_lock)
        {
            _completed.Add(deliveryTag);
            while (_completed.Remove(_nextToComplete))
            {
                _nextToComplete++;
            }
        }

        // Completions that arrive while an ack is on its way are covered together by the next one.
        await SendAsync(async () =>
        {
            var upTo = Volatile.Read(ref _nextToComplete) - 1;
            if (upTo > _acked)
            {
                await channel.BasicAckAsync(upTo, multiple: true);
                _acked = upTo;
            }
        });
    }

    private async Task SendAsync(Func<Task> send)
    {
        await _sending.WaitAsync();
        try
        {
            await send();
        }
        finally
        {
            _sending.Release();
        }
    }
}
