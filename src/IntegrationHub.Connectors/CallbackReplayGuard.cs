using System.Collections.Concurrent;

namespace IntegrationHub.Connectors;

/// <summary>
/// A signed callback is accepted once: its signature (HMAC over timestamp and body) is remembered until its timestamp
/// leaves the connector's tolerance window, so a captured request cannot be sent again inside that window. A sender
/// that retries signs again with a new timestamp; the receivers' inboxes still see one message per item.
/// Kept in this process's memory: behind a load balancer, pin a connector's callbacks to one hub or shorten the window.
/// </summary>
public sealed class CallbackReplayGuard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time <paramref name="signature"/> of <paramref name="connector"/> is seen before <paramref name="expires"/>.</summary>
    public bool FirstTime(string connector, string signature, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        foreach (var (key, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(key, out _);
            }
        }

        return _seen.TryAdd($"{connector}\n{signature.Trim()}", expires);
    }
}
