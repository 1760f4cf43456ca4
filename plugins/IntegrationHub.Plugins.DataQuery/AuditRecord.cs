namespace IntegrationHub.Plugins.DataQuery;

/// <summary>One question asked, as kept in the plugin store (collection <c>audit</c>), answered or refused.</summary>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset At,
    string User,
    string Source,
    string Question,
    DateOnly AsOf,
    string? Engine,
    string? Sql,
    string? ExecutedSql,
    int RowCount,
    double LatencyMs,
    string Outcome,
    string? ErrorCode,
    string? ErrorMessage,
    bool Repaired,
    string Channel);
