using IntegrationHub.Host.Security;
using IntegrationHub.Storage.Audit;

namespace IntegrationHub.Host.Api;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/audit", async (AuditStore store, string? principal, string? action, DateTimeOffset? from, DateTimeOffset? to, int? limit, int? offset, CancellationToken cancellationToken) =>
                Results.Ok(await store.ListAsync(new AuditQuery(Blank(principal), Blank(action), from, to, limit ?? 100, offset ?? 0), cancellationToken)))
            .WithSummary($"The audit trail: every console and API action, allowed or refused, newest first (limit up to {AuditStore.MaxLimit}; 'more' says whether older ones follow).")
            .RequireScope(HubScopes.AuditRead);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
