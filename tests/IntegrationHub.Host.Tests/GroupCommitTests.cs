using Dapper;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Group commit (<c>Hub:Bus:UnitOfWorkBatch</c>): the handler runs of messages that wait together share one commit
/// and record their inbox entries together, and idempotency holds inside a batch as it does across batches.
/// </summary>
public sealed class GroupCommitTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_message_delivered_twice_at_once_runs_its_handler_once(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync(); // group commit is on by default (32 a batch)
        var database = hub.Get<HubDatabase>();
        var publisher = hub.Get<IContractPublisher>();
        var contracts = hub.Get<ContractRegistry>();

        // Twenty defects, each sent twice under one message id, all at once: copies wait together, so batches hold a
        // message and its duplicate (a redelivery that caught up with its first delivery), and one statement records both inbox entries.
        var messages = Enumerable.Range(1, 20).Select(i => ContractMessage.Of(PluginFailureTests.Defect($"D-TWICE-{i}", "publish"), contracts)).ToList();
        await Task.WhenAll(messages.SelectMany(m => new[] { m, m }).Select(m => publisher.PublishAsync(m, CancellationToken.None)));

        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Count(d => d.DefectId.StartsWith("echo-D-TWICE-", StringComparison.Ordinal)) == 20,
            TimeSpan.FromSeconds(30), "every defect and the echo its handler published, handled");
        // The second copies may still be on their way to the inbox: give them the time the first ones took.
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Each handler run puts the defect's record again, and each put raises the document's version by one.
        await using var connection = await database.OpenAsync();
        var versions = (await connection.QueryAsync<long>(
            "SELECT version FROM plugin_documents WHERE plugin = 'Recorder' AND collection = 'defects' AND doc_key LIKE 'D-TWICE-%'")).ToList();
        Assert.Equal(20, versions.Count);
        Assert.All(versions, version => Assert.Equal(1, version));
    }
}
