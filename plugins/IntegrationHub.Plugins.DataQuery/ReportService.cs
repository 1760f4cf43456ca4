using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>Who calls a report endpoint: the authenticated principal, and whether it may manage everyone's reports.</summary>
public sealed record ReportCaller(string User, bool ManagesAll)
{
    public bool May(SavedReport report) => ManagesAll || string.Equals(report.User, User, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Saved reports: stored in the plugin store, scheduled through the SDK scheduler (one cron job per report). A report
/// belongs to the principal that created it and runs as that principal; only its owner (or whoever manages all
/// reports) sees, changes or deletes it.
/// </summary>
public sealed class ReportService(IPluginStore store, IPluginScheduler scheduler)
{
    private static string JobKey(string id) => $"report:{id}";

    public async Task<EndpointResponse> ListAsync(ReportCaller caller, CancellationToken cancellationToken) =>
        EndpointResponse.Ok((await store.ListAsync<SavedReport>(DataQueryPlugin.ReportsCollection, null, 1000, 0, cancellationToken))
            .Select(d => d.Value).Where(caller.May).ToList());

    public async Task<EndpointResponse> GetAsync(string id, ReportCaller caller, CancellationToken cancellationToken) =>
        await store.GetAsync<SavedReport>(DataQueryPlugin.ReportsCollection, id, cancellationToken) is { } doc && caller.May(doc.Value)
            ? EndpointResponse.Ok(doc.Value)
            : EndpointResponse.NotFound($"No report '{id}' of yours.");

    public async Task<EndpointResponse> CreateAsync(SavedReportBody body, ReportCaller caller, CancellationToken cancellationToken)
    {
        if (Invalid(body) is { } bad) return bad;
        var report = new SavedReport(Guid.NewGuid().ToString("N")[..12], body.Name!, body.Question!, body.Cron!, body.Delivery!, body.Source, caller.User, body.Enabled, DateTimeOffset.UtcNow);
        await store.PutAsync(DataQueryPlugin.ReportsCollection, report.Id, report, 0, cancellationToken);
        await ScheduleAsync(report, cancellationToken);
        return new EndpointResponse(201, report);
    }

    public async Task<EndpointResponse> UpdateAsync(string id, SavedReportBody body, ReportCaller caller, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync<SavedReport>(DataQueryPlugin.ReportsCollection, id, cancellationToken);
        if (existing is null) return EndpointResponse.NotFound($"No report '{id}'.");
        if (!caller.May(existing.Value)) return NotYours(id, existing.Value);
        if (Invalid(body) is { } bad) return bad;
        var report = existing.Value with
        {
            Name = body.Name!, Question = body.Question!, Cron = body.Cron!, Delivery = body.Delivery!, Source = body.Source, Enabled = body.Enabled,
        };
        await store.PutAsync(DataQueryPlugin.ReportsCollection, id, report, existing.Version, cancellationToken);
        await ScheduleAsync(report, cancellationToken);
        return EndpointResponse.Ok(report);
    }

    public async Task<EndpointResponse> DeleteAsync(string id, ReportCaller caller, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync<SavedReport>(DataQueryPlugin.ReportsCollection, id, cancellationToken);
        if (existing is null) return EndpointResponse.NotFound($"No report '{id}'.");
        if (!caller.May(existing.Value)) return NotYours(id, existing.Value);
        await scheduler.CancelAsync(JobKey(id), cancellationToken);
        return await store.DeleteAsync(DataQueryPlugin.ReportsCollection, id, cancellationToken)
            ? new EndpointResponse(204)
            : EndpointResponse.NotFound($"No report '{id}'.");
    }

    public async Task EnsureSchedulesAsync(CancellationToken cancellationToken)
    {
        foreach (var doc in await store.ListAsync<SavedReport>(DataQueryPlugin.ReportsCollection, null, 1000, 0, cancellationToken))
        {
            await ScheduleAsync(doc.Value, cancellationToken);
        }
    }

    private static EndpointResponse NotYours(string id, SavedReport report) =>
        EndpointResponse.Forbidden($"Report '{id}' belongs to '{report.User}'; only its owner or an admin ({QueryScopes.ReportsAll}) may change or delete it.");

    private async Task ScheduleAsync(SavedReport report, CancellationToken cancellationToken)
    {
        if (report.Enabled) await scheduler.ScheduleCronAsync(JobKey(report.Id), report.Cron, new RunSavedReport(report.Id), cancellationToken);
        else await scheduler.CancelAsync(JobKey(report.Id), cancellationToken);
    }

    private static EndpointResponse? Invalid(SavedReportBody body)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name)) errors["name"] = ["required"];
        if (string.IsNullOrWhiteSpace(body.Question)) errors["question"] = ["required"];
        if (string.IsNullOrWhiteSpace(body.Cron) || body.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is < 6 or > 7) errors["cron"] = ["a Quartz cron expression (seconds first), e.g. '0 0 8 * * ?'"];
        if (body.Delivery is null || string.IsNullOrWhiteSpace(body.Delivery.Connector)) errors["delivery.connector"] = ["required"];
        return errors.Count == 0 ? null : EndpointResponse.BadRequest("The report is not valid.", errors);
    }
}
