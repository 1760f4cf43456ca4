using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>One campaign in a list: what it is and how it went, without its customers.</summary>
public sealed record CampaignSummary(
    string CampaignId, string Kind, string State, string Target, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    int Customers, int Pending, int Reached, int NotReached, int Objections, int DoNotCall, int OptedOut, string? FailureReason)
{
    public static CampaignSummary Of(Campaign c)
    {
        int Count(params string[] results) => c.Contacts.Values.Count(x => results.Contains(x.Result));
        return new(c.CampaignId, c.Kind, c.State, c.Target, c.CreatedAt, c.CompletedAt, c.Contacts.Count, Count(ContactResults.Pending),
            Count(ContactResults.Reached, ContactResults.Objection, ContactResults.OptedOut), Count(ContactResults.NotReached),
            Count(ContactResults.Objection), Count(ContactResults.DoNotCall), Count(ContactResults.OptedOut), c.FailureReason);
    }
}

public sealed record CampaignPage(IReadOnlyList<CampaignSummary> Items, int Offset, int Limit, int Total);

/// <summary><c>GET /api/power/campaigns</c> (filters <c>kind</c>, <c>state</c>; paging <c>offset</c>, <c>limit</c>) and <c>GET /api/power/campaigns/{id}</c>.</summary>
public static class CampaignEndpoints
{
    /// <summary>The most recent campaigns a list looks through.</summary>
    private const int Scan = 1000;

    public static void Map(IPluginBuilder builder)
    {
        builder.MapEndpoint(new PluginEndpoint("GET", "/api/power/campaigns", null, async (request, ct) =>
        {
            var offset = Number(request, "offset", 0);
            var limit = Number(request, "limit", 50);
            if (offset is null or < 0 || limit is null or < 1 or > 500)
            {
                return EndpointResponse.BadRequest("offset must be ≥ 0 and limit between 1 and 500");
            }

            request.Query.TryGetValue("kind", out var kind);
            request.Query.TryGetValue("state", out var state);
            var all = await request.Services.GetRequiredService<IPluginStore>().ListAsync<Campaign>(CampaignEngine.Campaigns, limit: Scan, cancellationToken: ct);
            var matching = all.Select(d => d.Value)
                .Where(c => string.IsNullOrEmpty(kind) || string.Equals(c.Kind, kind, StringComparison.OrdinalIgnoreCase))
                .Where(c => string.IsNullOrEmpty(state) || string.Equals(c.State, state, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(c => c.CreatedAt)
                .ToList();
            return EndpointResponse.Ok(new CampaignPage(matching.Skip(offset.Value).Take(limit.Value).Select(CampaignSummary.Of).ToList(), offset.Value, limit.Value, matching.Count));
        }, "Campaigns, newest first: kind, state and counts; filters kind and state, paging offset and limit.", PowerScopes.Read));

        builder.MapEndpoint(new PluginEndpoint("GET", "/api/power/campaigns/{id}", null, async (request, ct) =>
        {
            var found = await request.Services.GetRequiredService<IPluginStore>().GetAsync<Campaign>(CampaignEngine.Campaigns, request.RouteValues["id"], ct);
            return found is null ? EndpointResponse.NotFound("no such campaign") : EndpointResponse.Ok(found.Value);
        }, "A campaign with its batches and every customer's result.", PowerScopes.Read));
    }

    private static int? Number(EndpointRequest request, string name, int fallback) =>
        !request.Query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text) ? fallback : int.TryParse(text, out var n) ? n : null;
}
