using System.Collections.Concurrent;
using System.Text.Json;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>The reasoning worker, in process: the offline engine, or a scripted "model" for hostile and repair cases.</summary>
public sealed class FakeWorkers : IWorkerClient
{
    private readonly OfflineTextToSqlEngine _engine = new();

    /// <summary>When set, answers instead of the offline engine (a model that writes whatever it is told).</summary>
    public Func<TextToSqlRequest, TextToSqlReply>? Model { get; set; }

    public List<TextToSqlRequest> Requests { get; } = [];

    public Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TRequest : class, IRequest<TReply>
        where TReply : class
    {
        var r = (TextToSqlRequest)(object)request;
        Requests.Add(r);
        var reply = Model is not null ? Model(r) : _engine.Translate(r);
        return Task.FromResult((TReply)(object)reply);
    }

    public static TextToSqlReply Llm(string sql) => new(sql, null, null, new ReasoningMeta("text-to-sql", ReasoningEngines.Llm, "test-model", 0, 0, 1));
}

public sealed class MemoryStore : IPluginStore
{
    private readonly ConcurrentDictionary<(string, string), (string Json, long Version, DateTimeOffset At, long Seq)> _docs = new();
    private long _seq;

    public Task<StoredDocument<T>?> GetAsync<T>(string collection, string key, CancellationToken cancellationToken = default) where T : class =>
        Task.FromResult(_docs.TryGetValue((collection, key), out var d) ? new StoredDocument<T>(key, JsonSerializer.Deserialize<T>(d.Json)!, d.Version, d.At) : null);

    public Task<long> PutAsync<T>(string collection, string key, T document, long? expectedVersion = null, CancellationToken cancellationToken = default) where T : class
    {
        var version = _docs.TryGetValue((collection, key), out var d) ? d.Version : 0;
        if (expectedVersion is not null && expectedVersion != version) throw new ConcurrencyException("version");
        _docs[(collection, key)] = (JsonSerializer.Serialize(document), version + 1, DateTimeOffset.UtcNow, Interlocked.Increment(ref _seq));
        return Task.FromResult(version + 1);
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken = default) => Task.FromResult(_docs.TryRemove((collection, key), out _));

    public Task<IReadOnlyList<StoredDocument<T>>> ListAsync<T>(string collection, string? keyPrefix = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) where T : class =>
        Task.FromResult<IReadOnlyList<StoredDocument<T>>>(_docs.Where(d => d.Key.Item1 == collection && (keyPrefix is null || d.Key.Item2.StartsWith(keyPrefix, StringComparison.Ordinal)))
            .OrderByDescending(d => d.Value.Seq).Skip(offset).Take(limit)
            .Select(d => new StoredDocument<T>(d.Key.Item2, JsonSerializer.Deserialize<T>(d.Value.Json)!, d.Value.Version, d.Value.At)).ToList());
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
