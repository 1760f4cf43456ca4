namespace IntegrationHub.Plugins.DataQuery;

/// <summary>A saved question that runs on a cron schedule and is delivered through the outbox (collection <c>reports</c>).</summary>
/// <param name="Cron">Quartz cron, seconds first: <c>0 0 8 * * ?</c> = every day at 08:00.</param>
/// <param name="User">Its owner: the principal that created it, whose permissions and data scope it runs with.</param>
public sealed record SavedReport(
    string Id,
    string Name,
    string Question,
    string Cron,
    ReportDelivery Delivery,
    string? Source,
    string User,
    bool Enabled,
    DateTimeOffset CreatedAt);

/// <param name="Connector">Connector instance (<c>Connectors:{name}</c>): an OA messenger, a webhook, a mail sink…</param>
/// <param name="Operation">The connector's operation, e.g. <c>message.send</c>.</param>
/// <param name="Target">Recipient or channel, passed to the connector in the payload.</param>
public sealed record ReportDelivery(string Connector, string Operation = "message.send", string? Target = null);

/// <summary>Body of <c>POST/PUT /api/query/reports</c>. It names no user: a report runs as the principal that created it.</summary>
public sealed record SavedReportBody(string? Name, string? Question, string? Cron, ReportDelivery? Delivery, string? Source = null, bool Enabled = true);

/// <summary>Body of <c>POST /api/query/ask</c>.</summary>
/// <param name="AsOf">yyyy-MM-dd; today when absent.</param>
public sealed record AskBody(string? Question, string? Source = null, DateOnly? AsOf = null, int? MaxRows = null, bool Chart = false);
