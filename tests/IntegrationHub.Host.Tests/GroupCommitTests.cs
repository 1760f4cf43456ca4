using System.Diagnostics.Metrics;
using Dapper;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Group commit (<c>Hub:Bus:UnitOfWorkBatch</c>): the handler runs of messages that wait together share one commit
/// and record their inbox entries as it goes, and idempotency holds inside a batch as it does across batches: a copy in
/// the same batch is not run, and a batch holding a copy of a message committed before is refused whole and run again
/// message by message.
/// </summary>
public sealed class GroupCommitTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_message_delivered_twice_at_once_takes_effect_once(Backend backend)
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

        // Each committed handler run puts the defect's record again, and each put raises the document's version by one.
        await using var connection = await database.OpenAsync();
        var versions = (await connection.QueryAsync<long>(
            "SELECT version FROM plugin_documents WHERE plugin = 'Recorder' AND collection = 'defects' AND doc_key LIKE 'D-TWICE-%'")).ToList();
        Assert.Equal(20, versions.Count);
        Assert.All(versions, version => Assert.Equal(1, version));
    }
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_batch_holding_a_copy_of_a_message_handled_before_is_refused_whole_and_each_message_then_takes_effect_once(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        // One batch at a time, so that what waits behind a busy batch goes into the next one together.
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Bus:UnitOfWorkBatch:Parallel"] = "1" });
        var database = hub.Get<HubDatabase>();
        var publisher = hub.Get<IContractPublisher>();
        var contracts = hub.Get<ContractRegistry>();
        var handledBefore = ContractMessage.Of(PluginFailureTests.Defect("D-BEFORE"), contracts);
        await publisher.PublishAsync(handledBefore, CancellationToken.None);
        await Eventually.TrueAsync(async () => (await Recorded.DefectsAsync(database)).Any(d => d.DefectId == "D-BEFORE"), TimeSpan.FromSeconds(30), "D-BEFORE handled");

        var meters = hub.Get<IMeterFactory>();
        using var groupCommits = new MetricCollector<long>(meters, HubMetrics.MeterName, HubMetrics.GroupCommitsInstrument);
        using var duplicates = new MetricCollector<long>(meters, HubMetrics.MeterName, HubMetrics.DuplicatesInstrument);

        // A message that holds its batch for a while; behind it, the copy of D-BEFORE (as a redelivery after a crash
        // would bring it) and ten new defects, all waiting together.
        await publisher.PublishAsync(ContractMessage.Of(PluginFailureTests.Defect("D-HOLD", "hold:1500"), contracts), CancellationToken.None);
        var fresh = Enumerable.Range(1, 10).Select(i => ContractMessage.Of(PluginFailureTests.Defect($"D-BEHIND-{i}"), contracts));
        await Task.WhenAll(fresh.Prepend(handledBefore).Select(m => publisher.PublishAsync(m, CancellationToken.None)));

        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Count(d => d.DefectId.StartsWith("D-BEHIND-", StringComparison.Ordinal)) == 10 && duplicates.GetMeasurementSnapshot().Count > 0,
            TimeSpan.FromSeconds(30), "the ten new defects handled and the copy acknowledged as a duplicate");
        Assert.Contains(groupCommits.GetMeasurementSnapshot(), m => m.Tags["outcome"] as string == "refused");

        // Each committed handler run puts the defect's record again, and each put raises the document's version by one.
        await using var connection = await database.OpenAsync();
        var versions = (await connection.QueryAsync<(string Key, long Version)>(
            "SELECT doc_key, version FROM plugin_documents WHERE plugin = 'Recorder' AND collection = 'defects' AND (doc_key LIKE 'D-BEHIND-%' OR doc_key = 'D-BEFORE')")).ToList();
        Assert.Equal(11, versions.Count);
        Assert.All(versions, row => Assert.Equal(1, row.Version));
    }
}
