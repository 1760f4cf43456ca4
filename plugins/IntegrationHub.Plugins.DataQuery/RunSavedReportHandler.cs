using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>A saved report's answer, found before the unit of work.</summary>
public sealed record SavedReportRun(SavedReport Report, AskQuestionReply Reply);

/// <summary>
/// A saved report's cron fired: run its question as its owner, with the owner's data scope as configured now, and
/// hand the result to its connector. An owner who may no longer ask (removed, or the role taken away) gets nothing delivered.
/// The question runs first (a text-to-SQL worker and the business database, audited as it runs), outside the hub's
/// transaction, so no unit of work waits on it and a group commit holds no other message up; only the delivery is
/// written in the unit of work.
/// </summary>
public sealed class RunSavedReportHandler(AskPipelineFactory factory, IHubAccess access, IPluginStore store, ILogger<RunSavedReportHandler> logger)
    : IPrepareAndHandle<RunSavedReport, SavedReportRun?>
{
    public async Task<SavedReportRun?> PrepareAsync(RunSavedReport message, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync<SavedReport>(DataQueryPlugin.ReportsCollection, message.ReportId, cancellationToken);
        if (stored is null || !stored.Value.Enabled)
        {
            logger.LogInformation("Report {Report} is gone or disabled; nothing delivered", message.ReportId);
            return null;
        }

        var report = stored.Value;
        if (!access.Allows(report.User, QueryScopes.Ask))
        {
            logger.LogWarning("Report {Report} not run: its owner '{Owner}' may no longer ask ({Scope})", report.Id, report.User, QueryScopes.Ask);
            return null;
        }

        var reply = await factory.Create(store).AskAsync(new AskQuestionRequest(report.Question, report.Source, report.User, null, null, true), "report", cancellationToken);
        return new SavedReportRun(report, reply);
    }

    public async Task HandleAsync(RunSavedReport message, SavedReportRun? prepared, MessageContext context, CancellationToken cancellationToken)
    {
        if (prepared is not var (report, reply))
        {
            return;
        }

        var payload = new JsonObject
        {
            ["report"] = report.Id,
            ["title"] = report.Name,
            ["target"] = report.Delivery.Target,
            ["question"] = report.Question,
            ["summary"] = reply.Summary,
            ["sql"] = reply.Sql,
            ["error"] = reply.Error?.Message,
            ["columns"] = new JsonArray(reply.Columns.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["rows"] = System.Text.Json.JsonSerializer.SerializeToNode(reply.Rows),
            ["truncated"] = reply.Truncated,
        };
        var attachments = new List<OutboxAttachment> { new("result.csv", "text/csv", Csv.Write(reply.Columns, reply.Rows)) };
        if (reply.Chart?.Svg is { } svg) attachments.Add(new OutboxAttachment("chart.svg", "image/svg+xml", System.Text.Encoding.UTF8.GetBytes(svg)));
        if (reply.Chart?.Png is { } png) attachments.Add(new OutboxAttachment("chart.png", "image/png", png));
        await context.Outbox.EnqueueAsync(new OutboxDelivery(report.Delivery.Connector, report.Delivery.Operation, payload,
            $"query-report:{report.Id}:{context.MessageId}", report.Id, null, attachments), cancellationToken);
    }
}
