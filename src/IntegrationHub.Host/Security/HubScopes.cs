namespace IntegrationHub.Host.Security;

/// <summary>
/// The hub's own scopes and how a granted scope covers a required one. A scope is a colon-separated name; a granted
/// scope ending in <c>*</c> covers every scope starting with what comes before it (<c>events:ingest:*</c>,
/// <c>events:ingest:power.*</c>), and <c>*</c> alone covers everything.
/// </summary>
public static class HubScopes
{
    public const string EventsRead = "events:read";
    public const string EventsIngest = "events:ingest:{type}";
    public const string PluginsRead = "plugins:read";
    public const string PluginsReload = "plugins:reload";
    public const string ErrorsRead = "errors:read";
    public const string ErrorsReplay = "errors:replay";
    public const string ErrorsDelete = "errors:delete";
    public const string DeliveriesRead = "deliveries:read";
    public const string DeliveriesRetry = "deliveries:retry";
    public const string MetricsRead = "metrics:read";
    public const string OpenApiRead = "openapi:read";

    /// <summary>Read the audit trail (admins, through <c>*</c>).</summary>
    public const string AuditRead = "audit:read";

    /// <summary>What an endpoint that declares no scope needs: only <c>*</c> covers it (default deny).</summary>
    public const string Undeclared = "hub:undeclared";

    /// <summary>What a plugin endpoint that declares no scope of its own needs.</summary>
    public static string PluginDefault(string pluginId) => $"plugin:{pluginId}";

    public static bool Covers(string granted, string required)
    {
        if (granted == "*")
        {
            return true;
        }

        if (granted.EndsWith('*'))
        {
            var prefix = granted[..^1];
            return required.StartsWith(prefix, StringComparison.Ordinal) && required != HubScopes.Undeclared;
        }

        return string.Equals(granted, required, StringComparison.Ordinal);
    }
}
