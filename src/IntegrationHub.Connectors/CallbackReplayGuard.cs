using System.Collections.Concurrent;

namespace IntegrationHub.Connectors;

/// <summary>
/// A signed callback is accepted once: its signature (HMAC over timestamp and body) is remembered until its timestamp
/// leaves the connector's tolerance window, so a captured request cannot be sent again inside that window. A sender
/// that retries signs again with a new timestamp; the receivers' inboxes still see one message per item.
/// </summary>
public interface ICallbackReplayGuard
{
    /// <summary>True the first time <paramref name="signature"/> of <paramref name="connector"/> is seen before <paramref name="expires"/>.</summary>
    Task<bool> FirstTimeAsync(string connector, string signature, DateTimeOffset expires, CancellationToken cancellationToken);
}

/// <summary>
/// The guard in this process's memory, for a connector host without the hub's database; the hub runtime replaces it
/// with one kept in its database, shared by every hub process behind a load balancer.
/// </summary>
public sealed class CallbackReplayGuard(TimeProvider time) : ICallbackReplayGuard
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public Task<bool> FirstTimeAsync(string connector, string signature, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (key, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(key, out _);
            }
        }

        return Task.FromResult(_seen.TryAdd($"{connector}\n{signature.Trim()}", expires));
    }
}
