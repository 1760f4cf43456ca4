using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>One campaign in a list: what it is and how it went, without its customers.</summary>
/// <param name="Retried">Customers called more than once (the platform's dial status allowed a retry).</param>
/// <param name="RetryBatches">Batches of second and later attempts.</param>
/// <param name="Outcomes">Answered calls by the intent the voice platform read.</param>
public sealed record CampaignSummary(
    string CampaignId, string Kind, string State, string Target, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    int Customers, int Pending, int Reached, int NotReached, int Objections, int DoNotCall, int OptedOut, string? FailureReason,
    int Retried = 0, int RetryBatches = 0, int FallbackSent = 0, IReadOnlyDictionary<string, int>? Outcomes = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CampaignSummary Of(Campaign c)
    {
        int Count(params string[] results) => c.Contacts.Values.Count(x => results.Contains(x.Result));
        var outcomes = c.Contacts.Values.Where(x => x.Intent is not null).GroupBy(x => x.Intent!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new(c.CampaignId, c.Kind, c.State, c.Target, c.CreatedAt, c.CompletedAt, c.Contacts.Count, Count(ContactResults.Pending),
            Count(ContactResults.Reached, ContactResults.Objection, ContactResults.OptedOut), Count(ContactResults.NotReached),
            Count(ContactResults.Objection), Count(ContactResults.DoNotCall), Count(ContactResults.OptedOut), c.FailureReason,
            c.Contacts.Values.Count(x => x.Attempts > 1), c.Batches.Count(b => b.Attempt > 1 && b.State != BatchStates.Cancelled), c.Contacts.Values.Count(x => x.FallbackSent), outcomes);
    }

    /// <summary>The summary of a stored campaign document, for <c>DocumentQuery</c>'s lists.</summary>
    public static JsonObject Project(JsonObject campaign) =>
        JsonSerializer.SerializeToNode(Of(campaign.Deserialize<Campaign>(Json)!), Json)!.AsObject();
}

/// <summary><c>GET /api/power/campaigns/{id}</c>; the list (<c>GET /api/power/campaigns</c>) is an operator query (<c>Operator/OperatorQueries</c>).</summary>
public static class CampaignEndpoints
{
    public static void Map(IPluginBuilder builder) =>
        builder.MapEndpoint(new PluginEndpoint("GET", "/api/power/campaigns/{id}", null, async (request, ct) =>
        {
            var found = await request.Services.GetRequiredService<IPluginStore>().GetAsync<Campaign>(CampaignEngine.Campaigns, request.RouteValues["id"], ct);
            return found is null ? EndpointResponse.NotFound("no such campaign") : EndpointResponse.Ok(found.Value);
        }, "A campaign with its batches and every customer's result.", PowerScopes.Read));
}
