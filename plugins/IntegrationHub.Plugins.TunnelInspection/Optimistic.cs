using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.TunnelInspection;

/// <summary>
/// Read-modify-write of a shared document under contention (every image of a run updating the run, two images of one defect):
/// on a version conflict the handler body runs again on the fresh document, inside the same unit of work. Bodies
/// write their documents before they publish, and their outbox deliveries carry idempotency keys, so a rerun adds nothing twice.
/// </summary>
internal static class Optimistic
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
