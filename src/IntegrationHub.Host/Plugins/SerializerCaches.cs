using System.Reflection;
using System.Text.Json;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// System.Text.Json keeps process-wide caches of member accessors it generated for the types it serialised,
/// evicted only when later misses happen to sweep them. After a plugin is unloaded those entries would pin its
/// load context indefinitely; clearing them is what the runtime's own hot-reload handler does for the same reason.
/// </summary>
internal static class SerializerCaches
{
    private static readonly MethodInfo? ClearCache = typeof(JsonSerializerOptions).Assembly
        .GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler")
        ?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);

    /// <summary>False when this runtime no longer has the handler: the unload then relies on STJ's own eviction.</summary>
    public static bool Clear()
    {
        if (ClearCache is null)
        {
            return false;
        }

        ClearCache.Invoke(null, [null]);
        return true;
    }
}
