using System.Security.Claims;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// The console's sign-in: an operator presents one of the hub's API keys once; the console keeps only the principal's
/// name in an HttpOnly, SameSite=Strict cookie (never the key). What the principal may do is asked of
/// <see cref="AccessControl"/> at every request, so a changed role or a removed principal takes effect at once.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string Scheme = "HubConsole";
    public const string Policy = "HubConsole";
    public const string CookieName = "hub.console";
    public const string SignInPath = "/signin";

    /// <summary>Console endpoints other than pages (live figures, language) answer 401/403 instead of redirecting.</summary>
    public const string EndpointPrefix = "/console";

    public static void Add(IServiceCollection services, ConsoleOptions options)
    {
        ConsoleDataProtection.Add(services, options.KeyCertificate);
        var authentication = services.AddAuthentication();
        if (options.Oidc.Enabled)
        {
            ConsoleOidc.Add(authentication, options.Oidc);
        }

        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = SignInPath;
            cookie.ExpireTimeSpan = options.SessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
    }

    /// <summary>The principal a valid key names, as a console identity; null for an unknown key.</summary>
    public static ClaimsPrincipal? PrincipalFor(string key, IServiceProvider services)
    {
        var hub = services.GetRequiredService<IOptionsMonitor<HubOptions>>().CurrentValue;
        var match = services.GetRequiredService<ApiKeyVerifier>().Find(key, hub.Api.Keys);
        if (match is null)
        {
            return null;
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Name) };
        claims.AddRange(services.GetRequiredService<AccessControl>().RolesOf(match.Name).Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments(EndpointPrefix) || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A sign-in whose key was removed from configuration since ends at its next request. An identity provider's
    /// sign-in lasts its session (the provider decided; its roles were mapped when it came).
    /// </summary>
    private static Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.HasClaim(c => c.Type == AccessControl.ExternalClaim) == true)
        {
            return Task.CompletedTask;
        }

        var name = context.Principal?.FindFirstValue(ClaimTypes.Name);
        var hub = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<HubOptions>>().CurrentValue;
        if (name is null || !hub.Api.Keys.Any(k => string.Equals(k.Name, name, StringComparison.Ordinal)))
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(Scheme);
        }

        return Task.CompletedTask;
    }
}
