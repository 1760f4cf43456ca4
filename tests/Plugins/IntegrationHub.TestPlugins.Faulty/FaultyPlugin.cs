using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.TestPlugins.Faulty;

/// <summary>Throws in <see cref="Configure"/> when <c>FailAt</c> is <c>load</c>, in <see cref="StartAsync"/> when it is <c>start</c>.</summary>
public sealed class FaultyPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        if (builder.Configuration["FailAt"] == "load")
        {
            throw new InvalidOperationException("Faulty plugin refuses to load.");
        }

        builder.Handle<EquipmentDefectReported, IgnoreHandler>();
    }

    public Task StartAsync(IPluginContext context, CancellationToken cancellationToken) =>
        context.Configuration["FailAt"] == "start"
            ? throw new InvalidOperationException("Faulty plugin refuses to start.")
            : Task.CompletedTask;
}

public sealed class IgnoreHandler : IHandle<EquipmentDefectReported>
{
    public Task HandleAsync(EquipmentDefectReported message, MessageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
