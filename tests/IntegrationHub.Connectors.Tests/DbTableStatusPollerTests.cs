using System.Collections.Concurrent;
using Dapper;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Tests;

public sealed class DbTableStatusPollerTests
{
    [Fact]
    public async Task The_hosted_poller_publishes_status_changes_of_the_interface_table()
    {
        var file = Path.Combine(Path.GetTempPath(), $"erp-poll-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.ExecuteAsync("CREATE TABLE wo_interface (idempotency_key TEXT PRIMARY KEY, order_id TEXT, status TEXT NOT NULL DEFAULT 'NEW')");
            await connection.ExecuteAsync("INSERT INTO wo_interface VALUES ('k1', 'WO-1', 'NEW'), ('k2', 'WO-2', 'NEW')");
        }

        var sink = new Sink();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connectors:erp:Kind"] = "db-table",
            ["Connectors:erp:ConnectionString"] = connectionString,
            ["Connectors:erp:Table"] = "wo_interface",
            ["Connectors:erp:StatusColumn"] = "status",
            ["Connectors:erp:CorrelationColumn"] = "order_id",
            ["Connectors:erp:InitialStatus"] = "NEW",
            ["Connectors:erp:PollInterval"] = "00:00:00.200",
        });
        builder.Services.AddSingleton<IConnectorEventSink>(sink);
        builder.Services.AddHubConnectors(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await Task.Delay(500);
            Assert.Empty(sink.Messages);
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.ExecuteAsync("UPDATE wo_interface SET status = 'DONE' WHERE order_id = 'WO-2'");
            }

            await Eventually.TrueAsync(() => !sink.Messages.IsEmpty, TimeSpan.FromSeconds(10), "the status change published");
            await Task.Delay(500);
            var change = Assert.IsType<InterfaceRowChanged>(Assert.Single(sink.Messages));
            Assert.Equal(("erp", "wo_interface", "k2", "WO-2", "DONE", "NEW"), (change.Connector, change.Table, change.Key, change.CorrelationKey, change.Status, change.PreviousStatus));
        }
        finally
        {
            await host.StopAsync();
            File.Delete(file);
        }
    }

    private sealed class Sink : IConnectorEventSink
    {
        public ConcurrentQueue<object> Messages { get; } = new();

        public Task PublishAsync(object message, CancellationToken cancellationToken)
        {
            Messages.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
