using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>Saved reports: stored in the plugin store, scheduled through the SDK scheduler (one cron job per report).</summary>
public sealed class ReportService(IPluginStore store, IPluginScheduler scheduler)
{
    private static string JobKey(string id) => $"report:{id}";

    public async Task<EndpointResponse> ListAsync(CancellationToken cancellationToken) =>
        EndpointResponse.Ok((await store.ListAsync<SavedReport>(DataQueryPlugin.ReportsCollection, null, 1000, 0, cancellationToken)).Select(d => d.Value).ToList());

    public async Task<EndpointResponse> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync<SavedReport>(DataQueryPlugin.ReportsCollection, id, cancellationToken) is { } doc
            ? EndpointResponse.Ok(doc.Value)
            : EndpointResponse.NotFound($"No report '{id}'.");

    public async Task<EndpointResponse> CreateAsync(SavedReportBody body, string user, CancellationToken cancellationToken)
    {
        if (Invalid(body) is { } bad) return bad;
        var report = new SavedReport(Guid.NewGuid().ToString("N")[..12], body.Name!, body.Question!, body.Cron!, body.Delivery!, body.Source, body.User ?? user, body.Enabled, DateTimeOffset.UtcNow);
        await store.PutAsync(DataQueryPlugin.ReportsCollection, report.Id, report, 0, cancellationToken);
        await ScheduleAsync(report, cancellationToken);
        return new EndpointResponse(201, report);
    }

    public async Task<EndpointResponse> UpdateAsync(string id, SavedReportBody body, string user, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync<SavedReport>(DataQueryPlugin.ReportsCollection, id, cancellationToken);
        if (existing is null) return EndpointResponse.NotFound($"No report '{id}'.");
        if (Invalid(body) is { } bad) return bad;
        var report = existing.Value with
        {
            Name = body.Name!, Question = body.Question!, Cron = body.Cron!, Delivery = body.Delivery!, Source = body.Source,
            User = body.User ?? existing.Value.User, Enabled = body.Enabled,
        };
        await store.PutAsync(DataQueryPlugin.ReportsCollection, id, report, existing.Version, cancellationToken);
        await ScheduleAsync(report, cancellationToken);
        return EndpointResponse.Ok(report);
    }

    public async Task<EndpointResponse> DeleteAsync(string id, CancellationToken cancellationToken)
    {
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
