namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Read-modify-write of a shared document under contention (hundreds of call results updating one outage plan, every
/// image of a run updating the run): on a <see cref="ConcurrencyException"/> from <see cref="IPluginStore.PutAsync{T}"/>
/// the body runs again on the fresh document, inside the same unit of work. Bodies write their documents before they
/// publish, and their outbox deliveries carry idempotency keys, so a rerun adds nothing twice.
/// </summary>
public static class OptimisticConcurrency
{
    public static async Task RetryAsync(Func<Task> body, CancellationToken cancellationToken, int attempts = 30)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await body();
                return;
            }
            catch (ConcurrencyException) when (attempt < attempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }
}
