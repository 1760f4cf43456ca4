using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.Diagnostics;

/// <summary>Handles <see cref="Ping"/> (nothing but the handler path) and <see cref="Probe"/> (plugin → reasoning and perception workers → connector).</summary>
public sealed class DiagnosticsPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        builder.Services.AddSingleton(ProbeOptions.Load(builder.Configuration));
        builder.Services.AddScoped<ProbePerception>();
        builder.Handle<Ping, PingHandler>().Handle<Probe, ProbeAnswers, ProbeHandler>();
    }
}

public sealed class PingHandler : IHandle<Ping>
{
    public Task HandleAsync(Ping message, MessageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
