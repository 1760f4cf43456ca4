using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>One opt-out: who asked not to be called again, on which call, in which words.</summary>
public sealed record DoNotCallEntry(string? Phone, string? CustomerId, string CallId, string Script, string? Utterance, DateTimeOffset OptedOutAt);

/// <summary>
/// The do-not-call list: plugin collection <c>do-not-call</c>, one <see cref="DoNotCallEntry"/> per number (key: the
/// number's digits; a call without a number is kept under <c>call:{callId}</c> so the request is not lost). Campaigns
/// check a number with <see cref="ContainsAsync"/> (inside a handler with <c>context.Store</c>).
/// </summary>
public static class DoNotCallList
{
    public const string Collection = "do-not-call";

    public static string Key(string phone) => new(phone.Where(char.IsAsciiDigit).ToArray());

    public static async Task AddAsync(IPluginStore store, DoNotCallEntry entry, CancellationToken cancellationToken)
    {
        var key = entry.Phone is { } phone && Key(phone).Length > 0 ? Key(phone) : $"call:{entry.CallId}";
        await store.PutAsync(Collection, key, entry, cancellationToken: cancellationToken);
    }

    public static async Task<bool> ContainsAsync(IPluginStore store, string phone, CancellationToken cancellationToken) =>
        Key(phone) is { Length: > 0 } key && await store.GetAsync<DoNotCallEntry>(Collection, key, cancellationToken) is not null;
}
