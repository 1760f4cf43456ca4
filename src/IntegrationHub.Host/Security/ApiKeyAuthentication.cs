using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using IntegrationHub.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// API keys from the <c>X-Api-Key</c> header (or <c>Authorization: ApiKey …</c>), checked against the salted hashes
/// in <c>Hub:Api:Keys</c> (the keys themselves are never in configuration). The ticket names the key's principal and
/// its roles; what the principal may do is <see cref="AccessControl"/>'s to say.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<HubOptions> hub,
    ApiKeyVerifier verifier,
    AccessControl access) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string Anonymous = "anonymous";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var api = hub.CurrentValue.Api;
        var key = Request.Headers[Header].FirstOrDefault();
        if (key is null && Request.Headers.Authorization.FirstOrDefault() is { } authorization && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["ApiKey ".Length..].Trim();
        }

        if (key is null)
        {
            return Task.FromResult(api.AllowAnonymous ? Success(Anonymous) : AuthenticateResult.NoResult());
        }

        var match = verifier.Find(key, api.Keys);
        return Task.FromResult(match is null ? AuthenticateResult.Fail("Unknown API key.") : Success(match.Name));
    }

    private AuthenticateResult Success(string name)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(access.RolesOf(name).Select(role => new Claim(ClaimTypes.Role, role)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}

/// <summary>
/// Finds the configured key a presented key matches. PBKDF2 is slow on purpose, so a match is remembered (by the
/// SHA-256 of the presented key, in memory only) as long as the same hash stays configured; a removed key stops at once.
/// </summary>
internal sealed class ApiKeyVerifier
{
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);

    public ApiKeyOptions? Find(string key, IReadOnlyList<ApiKeyOptions> keys)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (_verified.TryGetValue(fingerprint, out var hash) && keys.FirstOrDefault(k => k.Hash == hash) is { } known)
        {
            return known;
        }

        var match = keys.FirstOrDefault(k => ApiKeyHash.Verify(key, k.Hash));
        if (match is not null)
        {
            _verified[fingerprint] = match.Hash;
        }

        return match;
    }
}
