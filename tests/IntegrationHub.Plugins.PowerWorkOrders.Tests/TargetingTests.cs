using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>Issue 15: affected customers by feeder, transformer area, region and explicit list, from the demo database's topology.</summary>
public sealed class TargetingTests
{
    private static readonly DateTimeOffset Published = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly PowerWorkOrdersOptions _options = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().Build());

    private CustomerTargeting Targeting() => new(_options, DemoCustomers.Sources());

    private static async Task<HashSet<string>> Expected(string where) =>
        (await DemoCustomers.RowsAsync($"SELECT c.customer_id FROM customer c JOIN supply_topology t ON t.customer_id = c.customer_id WHERE {where} AND c.status = '正常'"))
            .Select(r => (string)r[0]!).ToHashSet();

    [Fact]
    public async Task A_feeder_targets_exactly_its_active_customers()
    {
        var feeder = (string)(await DemoCustomers.RowsAsync("SELECT feeder FROM supply_topology GROUP BY feeder ORDER BY COUNT(*) DESC LIMIT 1"))[0][0]!;
        var expected = await Expected($"t.feeder = '{feeder}'");

        var customers = await Targeting().ResolveAsync(new GridTarget(Feeders: [feeder]), default);

        Assert.True(expected.Count > 20, $"{feeder}: {expected.Count}");
        Assert.Equal(expected, customers.Select(c => c.Id).ToHashSet());
        Assert.All(customers, c => Assert.False(string.IsNullOrEmpty(c.Phone)));
    }

    [Fact]
    public async Task Transformer_areas_target_their_customers_only()
    {
        var areas = (await DemoCustomers.RowsAsync("SELECT transformer_area FROM supply_topology GROUP BY transformer_area ORDER BY transformer_area LIMIT 2")).Select(r => (string)r[0]!).ToList();
        var expected = await Expected($"t.transformer_area IN ('{areas[0]}', '{areas[1]}')");
        var feederOfFirst = (string)(await DemoCustomers.RowsAsync($"SELECT feeder FROM supply_topology WHERE transformer_area = '{areas[0]}' LIMIT 1"))[0][0]!;

        var customers = await Targeting().ResolveAsync(new GridTarget(TransformerAreas: areas), default);

        Assert.Equal(expected, customers.Select(c => c.Id).ToHashSet());
        Assert.True(customers.Count < (await Expected($"t.feeder = '{feederOfFirst}'")).Count + expected.Count, "an area is part of a feeder, not all of it");
    }

    [Fact]
    public async Task An_explicit_list_and_regions_are_looked_up_and_merged_without_duplicates()
    {
        var ids = (await DemoCustomers.RowsAsync("SELECT customer_id FROM customer WHERE region_id = 5 AND status = '正常' ORDER BY customer_id LIMIT 3")).Select(r => (string)r[0]!).ToList();
        var listed = await Targeting().ResolveAsync(new GridTarget(CustomerIds: [.. ids, "3399999999"]), default);
        Assert.Equal(ids, listed.Select(c => c.Id).ToList());

        var region = (await DemoCustomers.RowsAsync("SELECT customer_id FROM customer WHERE region_id = 5 AND status = '正常'")).Count;
        var merged = await Targeting().ResolveAsync(new GridTarget(RegionIds: [5], CustomerIds: ids), default);
        Assert.Equal(region, merged.Count);
    }

    [Fact]
    public async Task An_empty_target_is_an_error_not_an_empty_campaign()
    {
        var nobody = await Assert.ThrowsAsync<TargetException>(() => Targeting().ResolveAsync(new GridTarget(Feeders: ["不存在99号线"]), default));
        Assert.Contains("不存在99号线", nobody.Message);
        await Assert.ThrowsAsync<TargetException>(() => Targeting().ResolveAsync(new GridTarget(), default));
    }

    [Fact]
    public async Task An_outage_plan_by_feeder_without_a_district_notifies_the_feeder_and_one_matching_nobody_fails()
    {
        var rig = new CampaignRig(_options, DemoCustomers.Sources());
        var feeder = (string)(await DemoCustomers.RowsAsync("SELECT feeder FROM supply_topology ORDER BY customer_id LIMIT 1"))[0][0]!;
        var expected = await Expected($"t.feeder = '{feeder}'");
        var plan = new OutagePlanPublished("P-F", feeder, Published.AddDays(2), Published.AddDays(2).AddHours(6), "线路检修", Published);
        await rig.Outage().HandleAsync(plan, rig.Hub.Context(plan), default);

        var campaign = (await rig.CampaignAsync("P-F"))!;
        Assert.Equal(CampaignStates.Calling, campaign.State);
        Assert.Equal(expected, campaign.Contacts.Keys.ToHashSet());

        var empty = new OutagePlanPublished("P-0", "不存在99号线", Published.AddDays(2), Published.AddDays(2).AddHours(6), "线路检修", Published);
        await rig.Outage().HandleAsync(empty, rig.Hub.Context(empty), default);
        var failed = Assert.Single(rig.Hub.Publisher.Of<OutagePlanFailed>());
        Assert.Equal("P-0", failed.PlanId);
        Assert.Contains("不存在99号线", failed.Reason);
        Assert.Equal(PlanStates.Failed, (await rig.Hub.Store.GetAsync<OutagePlan>(OutageHandlers.Plans, "P-0"))!.Value.State);
        Assert.Equal(CampaignStates.Failed, (await rig.CampaignAsync("P-0"))!.State);
        Assert.DoesNotContain(rig.Hub.Scheduler.Timers.Keys, k => k.Contains("P-0", StringComparison.Ordinal));
        Assert.Empty(rig.Hub.Publisher.Of<OutageNoticeSummary>());
    }
}
