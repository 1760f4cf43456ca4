using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Operator;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>Campaigns are listed by the one operator query: kind and state filters, summaries without customers, paging.</summary>
public sealed class CampaignListTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Campaigns_filter_by_kind_and_state_and_list_as_summaries()
    {
        var store = new InMemoryStore();
        await store.PutAsync(CampaignEngine.Campaigns, "OUT-1", Campaign("OUT-1", "outage-notice", CampaignStates.Completed,
            ("c1", ContactResults.Reached, "知道了", 1), ("c2", ContactResults.NotReached, null, 3), ("c3", ContactResults.Objection, "有异议", 2)));
        await store.PutAsync(CampaignEngine.Campaigns, "FR-1", Campaign("FR-1", "fee-reminder", CampaignStates.Calling, ("c4", ContactResults.Pending, null, 1)));
        var query = new DocumentQuery(store, 1000);

        var outage = await query.RunAsync(OperatorQueries.Campaigns, new DocumentFilter(null, null, null, null, 0, 10, "Outage-Notice"), default);
        var summary = Assert.Single(outage.Items);
        Assert.Equal("OUT-1", summary["campaignId"]!.GetValue<string>());
        Assert.Null(summary["contacts"]);
        Assert.Equal((3, 2, 1, 2, 1), (summary["customers"]!.GetValue<int>(), summary["reached"]!.GetValue<int>(), summary["notReached"]!.GetValue<int>(),
            summary["retried"]!.GetValue<int>(), summary["objections"]!.GetValue<int>()));
        Assert.Equal(1, summary["outcomes"]!["有异议"]!.GetValue<int>());

        var calling = await query.RunAsync(OperatorQueries.Campaigns, new DocumentFilter("calling", null, null, null, 0, 10), default);
        Assert.Equal("FR-1", Assert.Single(calling.Items)["campaignId"]!.GetValue<string>());
        var firstPage = await query.RunAsync(OperatorQueries.Campaigns, new DocumentFilter(null, null, null, null, 0, 1), default);
        Assert.True(firstPage.HasMore);

        // A collection without a kind refuses the filter instead of ignoring it.
        await Assert.ThrowsAsync<ArgumentException>(() => query.RunAsync(OperatorQueries.Tickets, new DocumentFilter(null, null, null, null, 0, 10, "x"), default));
        Assert.Equal("fee-reminder", DocumentFilter.Parse(new Dictionary<string, string> { ["kind"] = " fee-reminder " }).Filter!.Kind);
    }

    private static Campaign Campaign(string id, string kind, string state, params (string Id, string Result, string? Intent, int Attempts)[] contacts) => new()
    {
        CampaignId = id,
        Kind = kind,
        State = state,
        Target = "list",
        CreatedAt = Now,
        Batches = [new CallBatch { Index = 0, DueAt = Now, TaskId = $"{id}-b0" }, new CallBatch { Index = 1, DueAt = Now.AddMinutes(10), Attempt = 2, TaskId = $"{id}-b1" }],
        Contacts = contacts.ToDictionary(c => c.Id, c => new CampaignContact { Name = c.Id, Phone = "138" + c.Id, Result = c.Result, Intent = c.Intent, Attempts = c.Attempts }),
    };
}
