using System.Collections.Concurrent;
using System.Text.Json;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>
/// Simple in-memory stand-ins for the SDK services the hub hands a plugin. Documents round-trip through JSON with
/// the hub's (web) serializer settings, so what the tests see is what a real store would give back.
/// </summary>
public sealed class InMemoryStore : IPluginStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<(string, string), (string Json, long Version, DateTimeOffset At)> _documents = new();

    public Task<StoredDocument<T>?> GetAsync<T>(string collection, string key, CancellationToken cancellationToken = default) where T : class =>
        Task.FromResult(_documents.TryGetValue((collection, key), out var d)
            ? new StoredDocument<T>(key, JsonSerializer.Deserialize<T>(d.Json, Json)!, d.Version, d.At)
            : null);

    public Task<long> PutAsync<T>(string collection, string key, T document, long? expectedVersion = null, CancellationToken cancellationToken = default) where T : class
    {
        lock (_documents)
        {
            var current = _documents.TryGetValue((collection, key), out var d) ? d.Version : 0;
            if (expectedVersion is not null && expectedVersion != current)
            {
                throw new ConcurrencyException($"{collection}/{key}: expected version {expectedVersion}, found {current}");
            }

            _documents[(collection, key)] = (JsonSerializer.Serialize(document, Json), current + 1, DateTimeOffset.UtcNow);
            return Task.FromResult(current + 1);
        }
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryRemove((collection, key), out _));

    public Task<IReadOnlyList<StoredDocument<T>>> ListAsync<T>(string collection, string? keyPrefix = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) where T : class =>
        Task.FromResult<IReadOnlyList<StoredDocument<T>>>(_documents
            .Where(d => d.Key.Item1 == collection && (keyPrefix is null || d.Key.Item2.StartsWith(keyPrefix, StringComparison.Ordinal)))
            .OrderByDescending(d => d.Value.At).Skip(offset).Take(limit)
            .Select(d => new StoredDocument<T>(d.Key.Item2, JsonSerializer.Deserialize<T>(d.Value.Json, Json)!, d.Value.Version, d.Value.At)).ToList());
}

/// <summary>Records deliveries; a repeated idempotency key is ignored, as the hub's outbox does.</summary>
public sealed class RecordingOutbox : IOutbox
{
    public List<OutboxDelivery> Deliveries { get; } = [];

    public Task<Guid> EnqueueAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        lock (Deliveries)
        {
            if (Deliveries.All(d => d.IdempotencyKey != delivery.IdempotencyKey))
            {
                Deliveries.Add(delivery);
            }
        }

        return Task.FromResult(Guid.NewGuid());
    }

    public IReadOnlyList<OutboxDelivery> To(string connector, string? operation = null) =>
        Deliveries.Where(d => d.Connector == connector && (operation is null || d.Operation == operation)).ToList();
}

public sealed class RecordingPublisher : IMessagePublisher
{
    public ConcurrentQueue<object> Messages { get; } = new();

    public Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        Messages.Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<T> Of<T>() => Messages.OfType<T>().ToList();
}

/// <summary>Timers kept in a dictionary; a test fires the due ones by advancing <see cref="Now"/>.</summary>
public sealed class FakeScheduler : IPluginScheduler
{
    public Dictionary<string, (DateTimeOffset At, object Message)> Timers { get; } = [];

    public List<string> Cancelled { get; } = [];

    public Task ScheduleAsync<TMessage>(string key, DateTimeOffset at, TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        Timers[key] = (at, message);
        return Task.CompletedTask;
    }

    public Task ScheduleCronAsync<TMessage>(string key, string cron, TMessage message, CancellationToken cancellationToken = default) where TMessage : class =>
        throw new NotSupportedException();

    public Task CancelAsync(string key, CancellationToken cancellationToken = default)
    {
        if (Timers.Remove(key))
        {
            Cancelled.Add(key);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ScheduledItem>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ScheduledItem>>(Timers.Select(t => new ScheduledItem(t.Key, t.Value.Message.GetType().Name, t.Value.At, null)).ToList());

    /// <summary>Removes and returns the timers due at <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<object> TakeDue(DateTimeOffset now)
    {
        var due = Timers.Where(t => t.Value.At <= now).OrderBy(t => t.Value.At).ToList();
        foreach (var timer in due)
        {
            Timers.Remove(timer.Key);
        }

        return due.Select(t => t.Value.Message).ToList();
    }
}

public sealed class FakeWorker(Func<object, object> answer) : IWorkerClient
{
    public List<object> Requests { get; } = [];

    public Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TRequest : class, IRequest<TReply>
        where TReply : class
    {
        Requests.Add(request);
        return Task.FromResult((TReply)answer(request));
    }
}

public sealed class FakeDataSources(QueryResult result) : IDataSources
{
    public List<(string Source, string Sql, IReadOnlyDictionary<string, object?>? Parameters)> Queries { get; } = [];

    public IReadOnlyList<DataSourceInfo> List() => [];

    public Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default)
    {
        Queries.Add((source, sql, parameters));
        return Task.FromResult(result);
    }
}

/// <summary>One plugin's SDK services, and message contexts over them.</summary>
public sealed class PluginHarness
{
    public InMemoryStore Store { get; } = new();

    public RecordingOutbox Outbox { get; } = new();

    public RecordingPublisher Publisher { get; } = new();

    public FakeScheduler Scheduler { get; } = new();

    public MessageContext Context(object message, int attempt = 1) => new(
        Guid.NewGuid(), message.GetType().Name, null, attempt, new Dictionary<string, string>(), Store, Outbox, Publisher);
}
