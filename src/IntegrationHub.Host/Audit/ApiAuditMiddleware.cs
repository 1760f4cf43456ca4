using System.Security.Claims;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.Audit;

/// <summary>
/// Audits every API action: each request under <c>/api</c> that is not a read (POST, PUT, PATCH, DELETE), allowed or
/// refused, as "METHOD route" on the request path with its status. Event ingest is the data plane, not an operator's
/// action: only its refusals are audited (a row per accepted event would double the ingest path's writes).
/// </summary>
internal sealed class ApiAuditMiddleware(RequestDelegate next, HubAudit audit)
{
    private static readonly PathString Api = "/api";
    private static readonly PathString Events = "/api/events";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(Api) || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            await next(http);
            return;
        }

        var failed = true;
        try
        {
            await next(http);
            failed = false;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
            var refused = status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;
            if (refused || !http.Request.Path.StartsWithSegments(Events))
            {
                await audit.RecordAsync(PrincipalOf(http), ActionOf(http), http.Request.Path.Value ?? "", Outcome(status), !refused);
            }
        }
    }

    private static string PrincipalOf(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.Name) ?? (http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? HubAudit.Unknown : ApiKeyAuthenticationHandler.Anonymous);

    /// <summary>The route's template (<c>POST /api/errors/{id:guid}/replay</c>); a plugin endpoint's own path.</summary>
    private static string ActionOf(HttpContext http)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var route = pattern is null || pattern.Contains("{**", StringComparison.Ordinal) ? http.Request.Path.Value : "/" + pattern.TrimStart('/');
        return $"{http.Request.Method} {route}";
    }

    private static string Outcome(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "refused: 401 not signed in",
        StatusCodes.Status403Forbidden => "refused: 403 lacks the scope",
        < 400 => $"ok: {status}",
        _ => $"failed: {status}",
    };
}
