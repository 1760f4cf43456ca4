namespace IntegrationHub.Host.WebConsole;

/// <summary>The operator console (<c>Hub:Console</c>), served by the hub runtime at <c>/</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Hub:Console";

    /// <summary>Serve the console; off leaves the HTTP API alone on the port.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a console sign-in lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often the overview's live figures are sent to an open page.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Sign-in through an OpenID Connect provider, offered beside the API-key form when an authority is set.</summary>
    public ConsoleOidcOptions Oidc { get; set; } = new();

    /// <summary>The certificate that encrypts the console's data-protection keys in the hub's database.</summary>
    public ConsoleKeyCertificateOptions KeyCertificate { get; set; } = new();
}

/// <summary>
/// <c>Hub:Console:KeyCertificate</c>: a PKCS#12 file (with its private key) whose key encrypts the keys that protect
/// console cookies and anti-forgery tokens, where the hub's database keeps them. Without it they are stored in the
/// clear, and whoever can read the database can forge a console sign-in. Every replica needs the same certificate.
/// </summary>
public sealed class ConsoleKeyCertificateOptions
{
    public string? Path { get; set; }

    /// <summary>The file's password (a secret: environment or a secret store, not <c>appsettings.json</c>).</summary>
    public string? Password { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);
}

/// <summary>
/// <c>Hub:Console:Oidc</c>: the authorization-code flow (with PKCE) against <see cref="Authority"/>. The provider's
/// role claim values map to hub roles (<see cref="Roles"/>); a user with no mapped role is refused.
/// </summary>
public sealed class ConsoleOidcOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The id_token claim that names the principal (falls back to <c>sub</c>).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>The id_token claim holding the provider's roles or groups (one claim or a JSON array).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Provider role → hub roles (<c>"Roles": { "hub-operators": [ "operator", "analyst" ] }</c>).</summary>
    public Dictionary<string, string[]> Roles { get; set; } = new(StringComparer.Ordinal);

    public string[] Scopes { get; set; } = ["openid", "profile"];

    /// <summary>Off only for a provider on plain HTTP in development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The sign-in button's label.</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
