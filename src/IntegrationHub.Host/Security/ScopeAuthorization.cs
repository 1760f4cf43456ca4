using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace IntegrationHub.Host.Security;

/// <summary>
/// The caller must hold <see cref="Scope"/>; <c>{name}</c> in it is the request's route value (<c>events:ingest:{type}</c>).
/// </summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement
{
    public string Resolve(HttpContext? http)
    {
        if (http is null || !Scope.Contains('{'))
        {
            return Scope;
        }

        var scope = Scope;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            scope = scope.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return scope;
    }
}

internal sealed class ScopeAuthorizationHandler(AccessControl access) : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && access.Allows(context.User, requirement.Resolve(context.Resource as HttpContext)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A refused scope answers 403 with problem details that name the principal and the scope it lacks.</summary>
internal sealed class ForbiddenAsProblem(AccessControl access) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault() is { } failed)
        {
            return Forbidden(context, access, failed.Resolve(context)).ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    public static IResult Forbidden(HttpContext context, AccessControl access, string scope)
    {
        var principal = context.User.FindFirstValue(ClaimTypes.Name) ?? ApiKeyAuthenticationHandler.Anonymous;
        var roles = access.RolesOf(principal);
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed",
            detail: $"'{principal}' (roles: {(roles.Count == 0 ? "none" : string.Join(", ", roles))}) does not hold the scope '{scope}'.",
            extensions: new Dictionary<string, object?> { ["principal"] = principal, ["requiredScope"] = scope, ["roles"] = roles });
    }
}

public static class ScopeEndpointConventions
{
    /// <summary>Callers need an API key and <paramref name="scope"/> (see <see cref="HubScopes"/>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scope))
            .Build());
}
