namespace IntegrationHub.Host.Configuration;

/// <summary>
/// Who may call the hub (<c>Hub:Api</c>): keys name a principal; a principal has roles and scopes; a role is a set of
/// scopes. Nothing is allowed that no role or scope grants.
/// </summary>
public sealed class ApiOptions
{
    /// <summary>Accepted API keys, each as a salted hash (the key itself is never stored). Empty = no key accepted, except <see cref="AllowAnonymous"/>.</summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>Principal name → its roles and extra scopes. A key whose principal is not here authenticates but may do nothing.</summary>
    public Dictionary<string, PrincipalOptions> Principals { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Role name → scopes added to the role (built-in <c>viewer</c>, <c>operator</c>, <c>admin</c>, plugin-declared ones, or new ones).</summary>
    public Dictionary<string, RoleOptions> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For the embedded demo only: calls without a key run as the principal <c>anonymous</c>.</summary>
    public bool AllowAnonymous { get; set; }
}

/// <summary>One accepted key. Several keys may name one principal (rotation: add the new key, move callers, remove the old).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The principal the key authenticates as.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>, written by <c>hub keys hash</c>.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The unsalted digest earlier versions took; refused at start with how to replace it.</summary>
    public string? Sha256 { get; set; }
}

public sealed class PrincipalOptions
{
    public List<string> Roles { get; set; } = [];

    public List<string> Scopes { get; set; } = [];
}

public sealed class RoleOptions
{
    public List<string> Scopes { get; set; } = [];
}
