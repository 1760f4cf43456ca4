using System.Security.Claims;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Plugins;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// What a principal may do, read at every question from the current configuration (<c>Hub:Api:Principals</c>,
/// <c>Hub:Api:Roles</c>), the built-in roles and the running plugins' roles: a change to appsettings.json or a
/// plugin reload takes effect without a restart, and a principal removed from configuration may do nothing.
/// </summary>
internal sealed class AccessControl(IOptionsMonitor<HubOptions> hub, IServiceProvider services) : IHubAccess
{
    /// <summary>
    /// Marks a principal signed in by an outside identity provider (OIDC): its hub roles are the role claims it was
    /// given at sign-in (mapped from the provider's), not configuration's for its name.
    /// </summary>
    public const string ExternalClaim = "hub:external";

    public bool Allows(string principal, string scope) => ScopesOf(principal).Any(granted => HubScopes.Covers(granted, scope));

    /// <summary>What a signed-in user may do: by its roles' scopes when an identity provider gave them, else by name.</summary>
    public bool Allows(ClaimsPrincipal user, string scope)
    {
        if (user.HasClaim(c => c.Type == ExternalClaim))
        {
            var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value);
            return roles.SelectMany(RoleScopes).Any(granted => HubScopes.Covers(granted, scope));
        }

        return user.FindFirstValue(ClaimTypes.Name) is { } name && Allows(name, scope);
    }

    public IReadOnlyList<string> RolesOf(string principal) =>
        hub.CurrentValue.Api.Principals.TryGetValue(principal, out var options) ? options.Roles : [];

    /// <summary>The principal's own scopes and those of each of its roles.</summary>
    public IReadOnlyList<string> ScopesOf(string principal)
    {
        if (!hub.CurrentValue.Api.Principals.TryGetValue(principal, out var options))
        {
            return [];
        }

        return options.Scopes.Concat(options.Roles.SelectMany(RoleScopes)).Distinct(StringComparer.Ordinal).ToList();
    }

    private IEnumerable<string> RoleScopes(string role)
    {
        var builtIn = HubRoles.BuiltIn.GetValueOrDefault(role) ?? [];
        var configured = hub.CurrentValue.Api.Roles.TryGetValue(role, out var options) ? options.Scopes : [];
        var declared = (services.GetService<PluginManager>()?.Runtimes ?? [])
            .SelectMany(runtime => runtime.Current?.Roles.GetValueOrDefault(role) ?? []);
        return builtIn.Concat(configured).Concat(declared);
    }
}
