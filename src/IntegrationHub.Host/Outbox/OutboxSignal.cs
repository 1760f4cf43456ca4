namespace IntegrationHub.Host.Outbox;

/// <summary>The outbox's ports, each drained by its own dispatcher.</summary>
internal enum OutboxPort
{
    Deliveries,
    Publishes,
    Timers,
}

/// <summary>
/// Wakes a port's dispatcher when a unit of work committed entries to that port, so they need not wait for the next
/// poll. A wake-up taken (<see cref="Next"/>) before a round also catches a commit made during it.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly TaskCompletionSource[] _next = [New(), New(), New()];

    /// <summary>Completes at the next <see cref="Notify(OutboxPort)"/> of <paramref name="port"/>.</summary>
    public Task Next(OutboxPort port) => Volatile.Read(ref _next[(int)port]).Task;

    public void Notify(OutboxPort port) => Interlocked.Exchange(ref _next[(int)port], New()).TrySetResult();

    /// <summary>Wakes every port's dispatcher.</summary>
    public void Notify()
    {
        foreach (var port in Enum.GetValues<OutboxPort>())
        {
            Notify(port);
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
