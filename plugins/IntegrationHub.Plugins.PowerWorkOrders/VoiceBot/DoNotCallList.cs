using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>One opt-out: who asked not to be called again, on which call (or campaign), in which words.</summary>
public sealed record DoNotCallEntry(string? Phone, string? CustomerId, string CallId, string Script, string? Utterance, DateTimeOffset OptedOutAt);

/// <summary>
/// The one do-not-call list of the plugin (collection <c>do-not-call</c>), written by the dialog's opt-out policy and by
/// campaign results, read by every campaign. An entry is kept under the number's digits when the number is a whole one,
/// else under <c>customer:{id}</c>, else <c>call:{callId}</c> so the request is not lost; a lookup tries the number and
/// the customer.
/// </summary>
public static class DoNotCallList
{
    public const string Collection = "do-not-call";

    public static async Task AddAsync(IPluginStore store, DoNotCallEntry entry, CancellationToken cancellationToken) =>
        await store.PutAsync(Collection, PhoneKey(entry.Phone) ?? CustomerKey(entry.CustomerId) ?? $"call:{entry.CallId}", entry, cancellationToken: cancellationToken);

    public static async Task<bool> ContainsAsync(IPluginStore store, string? phone, CancellationToken cancellationToken, string? customerId = null)
    {
        foreach (var key in new[] { PhoneKey(phone), CustomerKey(customerId) })
        {
            if (key is not null && await store.GetAsync<DoNotCallEntry>(Collection, key, cancellationToken) is not null)
            {
                return true;
            }
        }

        return false;
    }

    // A masked number (138****1234) is not a key: two customers would share it.
    private static string? PhoneKey(string? phone) =>
        phone is { Length: > 0 } && !phone.Contains('*') && new string(phone.Where(char.IsAsciiDigit).ToArray()) is { Length: >= 7 } digits ? digits : null;

    private static string? CustomerKey(string? customerId) => customerId is { Length: > 0 } ? $"customer:{customerId}" : null;
}
