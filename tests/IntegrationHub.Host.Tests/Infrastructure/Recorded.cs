using System.Text.Json;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>What the Recorder plugin and its webhook target have seen.</summary>
public static class Recorded
{
    /// <summary>Deliveries the target received, grouped by idempotency key.</summary>
    public static IReadOnlyDictionary<string, int> DeliveriesByKey(WebhookSink sink) =>
        sink.Requests.GroupBy(r => r.Headers["Idempotency-Key"]).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// The Recorder's defect records, read from its store. The test must not load the plugin's own types: an
    /// assembly the host already has would be shared into the plugin's context and defeat the isolation under test.
    /// </summary>
    public static async Task<IReadOnlyList<DefectRecord>> DefectsAsync(HubDatabase database)
    {
        var store = new DocumentStore(database, "Recorder", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var all = new List<DefectRecord>();
        for (var offset = 0; ; offset += 500)
        {
            var page = await store.ListAsync<DefectRecord>("defects", limit: 500, offset: offset);
            all.AddRange(page.Select(d => d.Value));
            if (page.Count < 500)
            {
                return all;
            }
        }
    }
}

/// <summary>The shape of the Recorder plugin's stored record, as the test reads it.</summary>
public sealed record DefectRecord(string DefectId, string EquipmentId, string HandledBy, int Attempt, string? Source = null);
