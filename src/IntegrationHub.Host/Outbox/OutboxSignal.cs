namespace IntegrationHub.Host.Outbox;

/// <summary>
/// Wakes the port dispatchers when a unit of work committed new entries, so they need not wait for the next poll.
/// Every dispatcher waiting on <see cref="Next"/> wakes; one taken before a round also catches a commit made during it.
/// </summary>
internal sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
