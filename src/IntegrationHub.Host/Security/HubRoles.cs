namespace IntegrationHub.Host.Security;

/// <summary>
/// The roles every hub knows. Plugins declare more (DataQuery's <c>analyst</c>), and <c>Hub:Api:Roles:{name}</c> adds
/// scopes to any role by configuration.
/// </summary>
public static class HubRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    private static readonly string[] ViewerScopes =
        [HubScopes.EventsRead, HubScopes.PluginsRead, HubScopes.ErrorsRead, HubScopes.MetricsRead, HubScopes.OpenApiRead, HubScopes.DeliveriesRead];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltIn { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        [Viewer] = ViewerScopes,
        [Operator] = [.. ViewerScopes, "events:ingest:*", HubScopes.ErrorsReplay, HubScopes.ErrorsDelete, HubScopes.DeliveriesRetry],
        [Admin] = ["*"],
    };
}
