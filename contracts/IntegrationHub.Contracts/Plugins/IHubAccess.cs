namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// The hub's principals (API keys, later directory users) as configured now: what a plugin asks before it acts for
/// someone outside an HTTP request, such as a saved report running as its owner. A principal no longer configured
/// is allowed nothing.
/// </summary>
public interface IHubAccess
{
    /// <summary>True when <paramref name="principal"/>'s roles and scopes grant <paramref name="scope"/> now.</summary>
    bool Allows(string principal, string scope);
}
