using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using IntegrationHub.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary>
/// API keys from the <c>X-Api-Key</c> header (or <c>Authorization: ApiKey …</c>), checked against the SHA-256
/// digests in <c>Hub:Api:Keys</c>; the keys themselves are never in configuration.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<HubOptions> hub) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var api = hub.Value.Api;
        var key = Request.Headers[Header].FirstOrDefault();
        if (key is null && Request.Headers.Authorization.FirstOrDefault() is { } authorization && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["ApiKey ".Length..].Trim();
        }

        if (key is null)
        {
            return Task.FromResult(api.AllowAnonymous ? Success("anonymous") : AuthenticateResult.NoResult());
        }

        var digest = Encoding.ASCII.GetBytes(Hash(key));
        var match = api.Keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Sha256.ToLowerInvariant()), digest));
        return Task.FromResult(match is null ? AuthenticateResult.Fail("Unknown API key.") : Success(match.Name));
    }

    private AuthenticateResult Success(string name) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName)), SchemeName));
}
