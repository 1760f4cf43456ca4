using System.Text;
using Dapper;
using IntegrationHub.Host.Dispatch.Filters;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>
/// What a drill prints when accepted defect events were not delivered: for each (the first <see cref="MaxEvents"/>),
/// its row in the publish port (the API stored it there), whether the Recorder's inbox has it, and its row in the
/// delivery port, each with status, attempts, lease and next attempt; and the error store's count. CI prints only
/// a failed test's message, so this goes into it.
/// </summary>
internal static class OutboxEvidence
{
    private const int MaxEvents = 15;

    public static async Task<string> DescribeAsync(HubDatabase database, IReadOnlyCollection<string> undelivered)
    {
        var text = new StringBuilder($"{undelivered.Count} accepted and not delivered: {string.Join(", ", undelivered.Order().Take(50))}\n");
        try
        {
            await using var connection = await database.OpenAsync();
            foreach (var id in undelivered.Order().Take(MaxEvents))
            {
                var publish = await connection.QueryFirstOrDefaultAsync<Row>(
                    $"SELECT id, {Progress} FROM outbox_publishes WHERE source = 'api' AND payload LIKE @pattern ORDER BY created_at LIMIT 1",
                    new { pattern = $"%\"defectId\":\"{id}\"%" });
                var handled = publish is not null && await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM inbox WHERE message_key = @byId OR message_key LIKE @byKey", new { byId = InboxFilter.IdKey(Guid.Parse(publish.Id)), byKey = $"%:{id}" }) > 0;
                var delivery = await connection.QueryFirstOrDefaultAsync<Row>(
                    $"SELECT id, {Progress} FROM outbox_deliveries WHERE idempotency_key = @key", new { key = $"defect:{id}" });
                text.AppendLine($"  {id}: publish {Describe(publish)}; in the Recorder's inbox: {(handled ? "yes" : "no")}; delivery {Describe(delivery)}");
            }

            var errors = await connection.QueryAsync<(string Endpoint, string Reason)>("SELECT endpoint, reason FROM error_messages ORDER BY created_at LIMIT 5");
            text.AppendLine($"  error store (first 5): {string.Join(" | ", errors.Select(e => $"{e.Endpoint}: {e.Reason}"))}");
        }
        catch (Exception e)
        {
            text.AppendLine($"  (the hub's database could not be read: {e.GetType().Name}: {e.Message})");
        }

        return text.ToString();
    }

    private const string Progress = "status, attempts, next_attempt_at AS NextAttemptAt, locked_until AS LockedUntil, last_error AS LastError";

    private static string Describe(Row? row) => row is null
        ? "none"
        : $"{row.Status}, {row.Attempts} attempts, next at {Time(row.NextAttemptAt)}, leased until {(row.LockedUntil is { } l ? Time(l) : "-")}"
          + (row.LastError is { } error ? $", last error: {error[..Math.Min(error.Length, 160)]}" : "");

    private static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("HH:mm:ss.fff");

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Status { get; set; } = "";
        public long Attempts { get; set; }
        public long NextAttemptAt { get; set; }
        public long? LockedUntil { get; set; }
        public string? LastError { get; set; }
    }
}
