using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;

namespace IntegrationHub.TestPlugins.Faulty;

/// <summary>
/// Throws in <see cref="Configure"/> when <c>FailAt</c> is <c>load</c>, in <see cref="StartAsync"/> when it is <c>start</c>;
/// once running, answers every <see cref="AskQuestionRequest"/> by throwing (a request handler that fails).
/// </summary>
public sealed class FaultyPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        if (builder.Configuration["FailAt"] == "load")
        {
            throw new InvalidOperationException("Faulty plugin refuses to load.");
        }

        builder.Handle<EquipmentDefectReported, IgnoreHandler>().Answer<AskQuestionRequest, AskQuestionReply, RefusingAnswerer>();
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

public sealed class RefusingAnswerer : IHandleRequest<AskQuestionRequest, AskQuestionReply>
{
    public Task<AskQuestionReply> HandleAsync(AskQuestionRequest request, MessageContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Faulty plugin cannot answer '{request.Question}'.");
}
