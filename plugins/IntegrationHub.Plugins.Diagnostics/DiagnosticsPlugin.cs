using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.Diagnostics;

/// <summary>Handles <see cref="Ping"/>: the inbox records it and the unit of work commits; nothing else happens.</summary>
public sealed class DiagnosticsPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder) => builder.Handle<Ping, PingHandler>();
}

public sealed class PingHandler : IHandle<Ping>
{
    public Task HandleAsync(Ping message, MessageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
