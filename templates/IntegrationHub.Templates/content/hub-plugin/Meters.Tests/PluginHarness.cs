using System.Collections.Concurrent;
using System.Text.Json;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meters.Tests;

/// <summary>
/// The plugin as the hub composes it, in process: its <see cref="IPluginBuilder"/> declarations, its services, and the
/// hub's ports (store, outbox, publisher) in memory. The hub itself runs the built plugin folder (`hub plugins load`).
/// </summary>
public sealed class PluginHarness : IPluginBuilder
{
    public PluginHarness(IHubPlugin plugin, IDictionary<string, string?>? settings = null)
    {
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Services.AddSingleton<IPluginStore>(Store).AddSingleton<IOutbox>(Outbox).AddSingleton<IMessagePublisher>(Publisher);
        plugin.Configure(this);
        Provider = Services.BuildServiceProvider();
    }

    public PluginManifest Manifest { get; } = new("Meters", "1.0.0", "1.0.0", "Meters.dll", "test");

    public IConfiguration Configuration { get; }

    public IServiceCollection Services { get; } = new ServiceCollection();

    public IServiceProvider Provider { get; }

    public List<Type> Handled { get; } = [];

    public List<PluginEndpoint> Endpoints { get; } = [];

    public List<string> Jobs { get; } = [];

    public MemoryStore Store { get; } = new();

    public MemoryOutbox Outbox { get; } = new();

    public MemoryPublisher Publisher { get; } = new();

    /// <summary>Hands <paramref name="message"/> to the plugin's handler, as the hub does on delivery.</summary>
    public Task HandleAsync<TMessage>(TMessage message) where TMessage : class
    {
        var handler = Provider.GetServices<IHandle<TMessage>>().Single();
        var context = new MessageContext(Guid.NewGuid(), typeof(TMessage).Name, null, 1, new Dictionary<string, string>(), Store, Outbox, Publisher);
        return handler.HandleAsync(message, context, CancellationToken.None);
    }

    /// <summary>Calls an endpoint the plugin mapped, as the hub's router does.</summary>
    public Task<EndpointResponse> CallAsync(string method, string route, IReadOnlyDictionary<string, string> routeValues, object? body = null) =>
        Endpoints.Single(e => e.Method == method && e.Route == route)
            .Handler(new EndpointRequest(body, routeValues, new Dictionary<string, string>(), "tester", Provider, _ => true), CancellationToken.None);

    public IPluginBuilder Handle<TMessage, THandler>() where TMessage : class where THandler : class, IHandle<TMessage>
    {
        Handled.Add(typeof(TMessage));
        Services.AddTransient<IHandle<TMessage>, THandler>();
        return this;
    }

    public IPluginBuilder Answer<TRequest, TReply, THandler>() where TRequest : class, IRequest<TReply> where TReply : class where THandler : class, IHandleRequest<TRequest, TReply>
    {
        Handled.Add(typeof(TRequest));
        Services.AddTransient<IHandleRequest<TRequest, TReply>, THandler>();
        return this;
    }

    public IPluginBuilder Schedule<TMessage>(string jobName, string cron, Func<DateTimeOffset, TMessage> message, MisfirePolicy misfire = MisfirePolicy.FireOnceNow) where TMessage : class
    {
        Jobs.Add(jobName);
        return this;
    }

    public IPluginBuilder MapEndpoint(PluginEndpoint endpoint)
    {
        Endpoints.Add(endpoint);
        return this;
    }

    public IPluginBuilder DefineRole(string role, params string[] scopes) => this;
}

public sealed class MemoryStore : IPluginStore
{
    private readonly ConcurrentDictionary<(string, string), (string Json, long Version, DateTimeOffset At)> _documents = new();

    public Task<StoredDocument<T>?> GetAsync<T>(string collection, string key, CancellationToken cancellationToken = default) where T : class =>
        Task.FromResult(_documents.TryGetValue((collection, key), out var d) ? new StoredDocument<T>(key, JsonSerializer.Deserialize<T>(d.Json)!, d.Version, d.At) : null);

    public Task<long> PutAsync<T>(string collection, string key, T document, long? expectedVersion = null, CancellationToken cancellationToken = default) where T : class
    {
        var version = _documents.TryGetValue((collection, key), out var d) ? d.Version : 0;
        if (expectedVersion is not null && expectedVersion != version) throw new ConcurrencyException("version");
        _documents[(collection, key)] = (JsonSerializer.Serialize(document), version + 1, DateTimeOffset.UtcNow);
        return Task.FromResult(version + 1);
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken = default) => Task.FromResult(_documents.TryRemove((collection, key), out _));

    public Task<IReadOnlyList<StoredDocument<T>>> ListAsync<T>(string collection, string? keyPrefix = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) where T : class =>
        Task.FromResult<IReadOnlyList<StoredDocument<T>>>(_documents.Where(d => d.Key.Item1 == collection && (keyPrefix is null || d.Key.Item2.StartsWith(keyPrefix, StringComparison.Ordinal)))
            .Skip(offset).Take(limit).Select(d => new StoredDocument<T>(d.Key.Item2, JsonSerializer.Deserialize<T>(d.Value.Json)!, d.Value.Version, d.Value.At)).ToList());
}

public sealed class MemoryOutbox : IOutbox
{
    public List<OutboxDelivery> Deliveries { get; } = [];

    public Task<Guid> EnqueueAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        Deliveries.Add(delivery);
        return Task.FromResult(Guid.NewGuid());
    }
}

public sealed class MemoryPublisher : IMessagePublisher
{
    public List<object> Published { get; } = [];

    public Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        Published.Add(message);
        return Task.CompletedTask;
    }
}
