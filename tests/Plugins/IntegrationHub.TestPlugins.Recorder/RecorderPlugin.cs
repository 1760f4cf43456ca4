using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.TestPlugins.Recorder;

/// <summary>
/// Handles <see cref="EquipmentDefectReported"/>: stores the defect, counts attempts, and enqueues one delivery
/// to the <c>webhook</c> connector. A defect whose description is <c>fail:N</c> fails its first N attempts;
/// <c>remind:N</c> sets a timer that reports <c>reminder-{id}</c> N seconds later, and <c>remind:N:then-fail</c>
/// sets it, enqueues its delivery and then fails every attempt; a <c>publish</c> part (<c>publish</c>,
/// <c>remind:N:publish</c>) also publishes the defect again as <c>echo-{id}</c>. Each record keeps who published its message.
/// Declares a cron job when <c>CronJob</c> is configured. Its manifest version shows up in every record, so a
/// test can tell which version of the plugin handled a message.
/// </summary>
public sealed class RecorderPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        builder.Services.AddSingleton(new RecorderSettings(builder.Manifest.Version, builder.Configuration["Connector"] ?? "webhook"));
        builder.Handle<EquipmentDefectReported, DefectHandler>();
        if (builder.Configuration["CronJob"] is { Length: > 0 } cron)
        {
            builder.Schedule("heartbeat", cron, at => new EquipmentDefectReported(
                $"cron-{at:yyyyMMddHHmmss}", "CRON", "heartbeat", "minor", "scheduled", "cron", at));
        }

        builder.MapEndpoint(new PluginEndpoint("GET", "/api/recorder/defects/{id}", null, async (request, ct) =>
        {
            var store = request.Services.GetRequiredService<IPluginStore>();
            var found = await store.GetAsync<DefectRecord>("defects", request.RouteValues["id"], ct);
            return found is null ? EndpointResponse.NotFound("no such defect") : EndpointResponse.Ok(found.Value);
        }));
    }
}

public sealed record RecorderSettings(string Version, string Connector);

/// <param name="Source">Who published the message (the hub's <c>hub-source-plugin</c> header).</param>
public sealed record DefectRecord(string DefectId, string EquipmentId, string HandledBy, int Attempt, string? Source = null);

public sealed class DefectHandler(RecorderSettings settings, IPluginScheduler scheduler, IMessagePublisher publisher, TimeProvider time) : IHandle<EquipmentDefectReported>
{
    public async Task HandleAsync(EquipmentDefectReported message, MessageContext context, CancellationToken cancellationToken)
    {
        var parts = message.Description.Split(':');
        if (parts is ["hold", var milliseconds, ..])
        {
            // Keeps its unit of work busy a while, so that messages sent meanwhile wait together for the next batch.
            await Task.Delay(int.Parse(milliseconds, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }

        if (parts is ["remind", var seconds, ..])
        {
            await scheduler.ScheduleAsync(
                $"remind-{message.DefectId}",
                time.GetUtcNow().AddSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
                message with { DefectId = $"reminder-{message.DefectId}", Description = "reminder" },
                cancellationToken);
        }

        // The publisher and scheduler the plugin's container gives a handler write into its unit of work, as context.Publisher does.
        if (parts.Contains("publish"))
        {
            await publisher.PublishAsync(message with { DefectId = $"echo-{message.DefectId}", Description = "echo" }, cancellationToken);
        }

        if (parts is ["remind", .., "then-fail"])
        {
            await EnqueueAsync(message, context, cancellationToken);
            throw new InvalidOperationException("Failing after setting a timer, on purpose.");
        }

        if (message.Description.StartsWith("fail:", StringComparison.Ordinal)
            && int.TryParse(message.Description["fail:".Length..], out var failures)
            && context.Attempt <= failures)
        {
            throw new InvalidOperationException($"Failing attempt {context.Attempt} of {failures} on purpose.");
        }

        await context.Store.PutAsync("defects", message.DefectId, new DefectRecord(message.DefectId, message.EquipmentId, settings.Version, context.Attempt, context.Headers.GetValueOrDefault("hub-source-plugin")), cancellationToken: cancellationToken);
        await EnqueueAsync(message, context, cancellationToken);
    }

    private Task<Guid> EnqueueAsync(EquipmentDefectReported message, MessageContext context, CancellationToken cancellationToken) =>
        context.Outbox.EnqueueAsync(
            new OutboxDelivery(
                settings.Connector,
                "defect.recorded",
                new JsonObject { ["defectId"] = message.DefectId, ["equipmentId"] = message.EquipmentId, ["version"] = settings.Version },
                IdempotencyKey: $"defect:{message.DefectId}",
                CorrelationKey: message.DefectId),
            cancellationToken);
}
