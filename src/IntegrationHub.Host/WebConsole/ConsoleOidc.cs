using System.Security.Claims;
using IntegrationHub.Host.Audit;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// OpenID Connect sign-in for the console (<c>Hub:Console:Oidc</c>): the code flow with PKCE, the id_token's role
/// claim mapped to hub roles, and the result kept in the console's own cookie like an API-key sign-in. The provider's
/// redirect comes back as a top-level GET (response mode <c>query</c>), so its correlation cookies can be SameSite=Lax
/// and work on plain HTTP too; the session cookie itself stays SameSite=Strict.
/// </summary>
internal static class ConsoleOidc
{
    public const string Scheme = "HubConsoleOidc";
    public const string CallbackPath = "/signin-oidc";

    public static void Add(AuthenticationBuilder authentication, ConsoleOidcOptions oidc)
    {
        authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false;
            o.SignInScheme = ConsoleAuthentication.Scheme;
            o.CallbackPath = CallbackPath;
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes)
            {
                o.Scope.Add(scope);
            }

            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            o.Events.OnTokenValidated = context => SignedInAsync(context, oidc);
            o.Events.OnRemoteFailure = RefusedAsync;
        });
    }

    /// <summary>The provider's user as a hub principal: its name and the hub roles its provider roles map to.</summary>
    internal static ClaimsPrincipal? Map(ClaimsPrincipal external, ConsoleOidcOptions oidc, string authority)
    {
        var name = external.FindFirstValue(oidc.NameClaim) ?? external.FindFirstValue("sub");
        var roles = external.FindAll(oidc.RoleClaim)
            .SelectMany(c => oidc.Roles.GetValueOrDefault(c.Value) ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (string.IsNullOrEmpty(name) || roles.Count == 0)
        {
            return null;
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(AccessControl.ExternalClaim, authority) };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme));
    }

    private static async Task SignedInAsync(TokenValidatedContext context, ConsoleOidcOptions oidc)
    {
        var external = context.Principal!;
        var mapped = Map(external, oidc, oidc.Authority!);
        var name = external.FindFirstValue(oidc.NameClaim) ?? external.FindFirstValue("sub") ?? HubAudit.Unknown;
        if (mapped is null)
        {
            // Audited by RefusedAsync, with every other failure of the flow.
            context.Fail($"The identity provider gave '{name}' no '{oidc.RoleClaim}' value that maps to a hub role.");
            return;
        }

        context.Principal = mapped;
        var roles = string.Join(", ", mapped.FindAll(ClaimTypes.Role).Select(c => c.Value));
        await context.HttpContext.RequestServices.GetRequiredService<HubAudit>().RecordAsync(name, "sign-in", Target, $"ok: roles {roles}", allowed: true);
    }

    private static async Task RefusedAsync(RemoteFailureContext context)
    {
        await context.HttpContext.RequestServices.GetRequiredService<HubAudit>()
            .RecordAsync(HubAudit.Unknown, "sign-in", Target, $"refused: {context.Failure?.Message}", allowed: false);
        context.Response.Redirect($"{ConsoleAuthentication.SignInPath}?failed=oidc");
        context.HandleResponse();
    }

    private const string Target = "console (oidc)";
}
