using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>The hub's error store as <c>GET /api/errors</c> lists it.</summary>
public static class ApiErrors
{
    /// <summary>Waits for the first listed error that <paramref name="matches"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForAsync(TestHub hub, Func<JsonElement, bool> matches, TimeSpan timeout, string what)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var errors = await hub.Client.GetFromJsonAsync<JsonElement>("/api/errors");
            found = errors.EnumerateArray().FirstOrDefault(matches);
            return found.ValueKind == JsonValueKind.Object;
        }, timeout, what);
        return found;
    }
}
