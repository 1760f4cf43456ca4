using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;
using IntegrationHub.Reasoning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.Dialog;

/// <summary>
/// The reasoning worker's real service (offline engine, the shipped intent sets) behind the plugin's worker client,
/// without a bus: what the dialog policies see is what the worker answers in production.
/// </summary>
public sealed class InProcessReasoningWorker : IWorkerClient, IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public InProcessReasoningWorker()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddReasoningWorker(new ConfigurationBuilder().Build());
        _provider = services.BuildServiceProvider();
    }

    public List<ClassifyIntentRequest> Requests { get; } = [];

    public async Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TRequest : class, IRequest<TReply>
        where TReply : class
    {
        var classify = request as ClassifyIntentRequest ?? throw new NotSupportedException($"Only classify-intent is wired here, not {typeof(TRequest).Name}.");
        Requests.Add(classify);
        return (TReply)(object)await _provider.GetRequiredService<IReasoningService>().ClassifyIntentAsync(classify, cancellationToken);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>The dialog engine composed as the plugin composes it, over the in-memory SDK doubles.</summary>
public sealed class DialogHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public DialogHarness(IWorkerClient worker, Dictionary<string, string?>? settings = null, PluginHarness? hub = null)
    {
        Hub = hub ?? new PluginHarness();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(PowerWorkOrdersOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build()));
        services.AddSingleton(worker);
        services.AddSingleton<IPluginStore>(Hub.Store);
        services.AddSingleton<IOutbox>(Hub.Outbox);
        services.AddSingleton<IMessagePublisher>(Hub.Publisher);
        services.AddVoiceDialog();
        _provider = services.BuildServiceProvider();
    }

    public PluginHarness Hub { get; }

    public VoiceDialog Dialog => _provider.GetRequiredService<VoiceDialog>();

    public async Task<VoiceCallState> CallAsync(string callId) => (await Hub.Store.GetAsync<VoiceCallState>(VoiceDialog.Calls, callId))!.Value;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
