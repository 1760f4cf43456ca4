using IntegrationHub.Host.Plugins;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Testing;

/// <summary>A hub running in the test process, and HTTP clients for it (one with the API key, one without).</summary>
public sealed class TestHub(WebApplication app, Uri address) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public Uri Address { get; } = address;

    public HttpClient Client { get; } = new() { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", HubEnvironment.ApiKey } } };

    public HttpClient Anonymous { get; } = new() { BaseAddress = address };

    private readonly List<HttpClient> _clients = [];

    /// <summary>A client that calls with <paramref name="apiKey"/> (see <see cref="HubEnvironment.AddPrincipal"/>); disposed with the hub.</summary>
    public HttpClient ClientFor(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, DefaultRequestHeaders = { { "X-Api-Key", apiKey } } };
        _clients.Add(client);
        return client;
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Publishes a contract message on the hub's bus, as another system or plugin would (HTTP ingest: <c>POST /api/events/{type}</c> with <see cref="Client"/>).</summary>
    public Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class =>
        Get<IPublishEndpoint>().Publish(message, cancellationToken);

    /// <summary>Whether the hub scheduled the cron job <paramref name="job"/> that plugin <paramref name="plugin"/> declared (<c>IPluginBuilder.Schedule</c>).</summary>
    public async Task<bool> HasDeclaredJobAsync(string plugin, string job)
    {
        var scheduler = await Get<Quartz.ISchedulerFactory>().GetScheduler();
        return await scheduler.GetJobDetail(PluginJobSchedules.KeyOf(plugin, job)) is not null;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        _clients.ForEach(c => c.Dispose());
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
