using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meters;

/// <summary>
/// The plugin: a handler, a schedule and an endpoint, configured from <c>Plugins:Meters</c>. Replace <see cref="Ping"/>
/// with your industry's events (reference its contracts package the same way as IntegrationHub.Contracts).
/// </summary>
public sealed class MetersPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        var options = MetersOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Handle<Ping, PingHandler>();
        if (!string.IsNullOrWhiteSpace(options.Cron))
        {
            builder.Schedule("heartbeat", options.Cron, at => new Ping(Guid.NewGuid(), at, "Meters heartbeat"));
        }

        builder.MapEndpoint(new PluginEndpoint("GET", "/api/meters/pings/{id}", null, async (request, ct) =>
        {
            var store = request.Services.GetRequiredService<IPluginStore>();
            var seen = await store.GetAsync<SeenPing>("pings", request.RouteValues["id"], ct);
            return seen is null ? EndpointResponse.NotFound("no such ping") : EndpointResponse.Ok(seen.Value);
        }, "A ping the Meters plugin handled."));
    }
}

/// <summary>The plugin's settings, <c>Plugins:Meters:*</c>.</summary>
/// <param name="Connector">The connector (<c>Connectors:{name}</c>) deliveries go to.</param>
/// <param name="Cron">Quartz cron of the heartbeat ping; empty for none.</param>
public sealed record MetersOptions(string Connector, string? Cron)
{
    public static MetersOptions From(IConfiguration section) => new(section["Connector"] ?? "meters", section["Cron"]);
}

public sealed record SeenPing(Guid Id, DateTimeOffset SentAt, string? Note);

/// <summary>Keeps the ping and delivers it; both commit with the message (a redelivered ping is handled once).</summary>
public sealed class PingHandler(MetersOptions options) : IHandle<Ping>
{
    public async Task HandleAsync(Ping message, MessageContext context, CancellationToken cancellationToken)
    {
        await context.Store.PutAsync("pings", message.Id.ToString(), new SeenPing(message.Id, message.SentAt, message.Note), cancellationToken: cancellationToken);
        var payload = new JsonObject { ["id"] = message.Id.ToString(), ["sentAt"] = message.SentAt, ["note"] = message.Note };
        await context.Outbox.EnqueueAsync(new OutboxDelivery(options.Connector, "meters.ping", payload, $"ping:{message.Id}"), cancellationToken);
    }
}
