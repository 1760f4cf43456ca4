using Dapper;

namespace IntegrationHub.Storage.Audit;

/// <summary>One audited action: who did what to which target, when, whether it was allowed, and how it ended.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Principal, string Action, string Target, string Outcome, bool Allowed)
{
    public long Id { get; init; }
}

/// <summary>Which audit entries to list: every filter is optional; newest first, <paramref name="Limit"/> from <paramref name="Offset"/>.</summary>
public sealed record AuditQuery(
    string? Principal = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 50,
    int Offset = 0);

/// <summary>A page of entries and whether older ones follow it.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, bool More);

/// <summary>The audit trail (<c>audit_log</c>): written for every console and API action, read by admins.</summary>
public sealed class AuditStore(HubDatabase database)
{
    public const int MaxLimit = 500;

    public async Task AddAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO audit_log (at, principal, action, target, outcome, allowed) VALUES (@at, @principal, @action, @target, @outcome, @allowed)",
            new { at = UnixTime.Ms(entry.At), principal = entry.Principal, action = entry.Action, target = entry.Target, outcome = entry.Outcome, allowed = entry.Allowed });
    }

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(
            """
            SELECT id, at, principal, action, target, outcome, allowed FROM audit_log
            WHERE (@principal IS NULL OR principal = @principal)
              AND (@action IS NULL OR action = @action)
              AND (@from IS NULL OR at >= @from)
              AND (@to IS NULL OR at < @to)
            ORDER BY at DESC, id DESC
            LIMIT @take OFFSET @offset
            """,
            new
            {
                principal = query.Principal,
                action = query.Action,
                from = query.From is { } from ? UnixTime.Ms(from) : (long?)null,
                to = query.To is { } to ? UnixTime.Ms(to) : (long?)null,
                take = limit + 1,
                offset = Math.Max(0, query.Offset),
            })).ToList();
        var entries = rows.Take(limit)
            .Select(r => new AuditEntry(UnixTime.From(r.At), r.Principal, r.Action, r.Target, r.Outcome, Convert.ToBoolean(r.Allowed, System.Globalization.CultureInfo.InvariantCulture)) { Id = r.Id })
            .ToList();
        return new AuditPage(entries, rows.Count > limit);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long At { get; set; }
        public string Principal { get; set; } = "";
        public string Action { get; set; } = "";
        public string Target { get; set; } = "";
        public string Outcome { get; set; } = "";
        public object Allowed { get; set; } = false;
    }
}
