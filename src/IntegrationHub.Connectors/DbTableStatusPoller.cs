using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors;

/// <summary>Polls each db-table connector that has a status column and an interval, and publishes the changes.</summary>
internal sealed class DbTableStatusPoller(ConnectorRegistry registry, IServiceScopeFactory scopes, ILogger<DbTableStatusPoller> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registry.Polled.Select(connector => PollAsync(connector, stoppingToken)));

    private async Task PollAsync(DbTableConnector connector, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var changes = await connector.PollChangesAsync(ct);
                if (changes.Count > 0)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var sink = scope.ServiceProvider.GetRequiredService<IConnectorEventSink>();
                    foreach (var change in changes)
                    {
                        await sink.PublishAsync(change, ct);
                    }
                }

                await Task.Delay(connector.PollInterval!.Value, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Polling the status of connector {Connector} failed; trying again next round", connector.Name);
                await Task.Delay(connector.PollInterval!.Value, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
