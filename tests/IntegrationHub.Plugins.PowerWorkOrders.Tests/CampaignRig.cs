using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>The plugin's campaign and outage handlers over one <see cref="PluginHarness"/>, as the hub composes them per message.</summary>
public sealed class CampaignRig(PowerWorkOrdersOptions options, IDataSources dataSources)
{
    public PluginHarness Hub { get; } = new();

    public CampaignEngine Engine() => new(options, Hub.Scheduler, new CampaignMessages(options), NullLogger<CampaignEngine>.Instance);

    public CampaignHandlers Campaigns()
    {
        var engine = Engine();
        return new(engine, new CampaignCallResults(engine, Hub.Scheduler), new CustomerTargeting(options, dataSources));
    }

    public OutageHandlers Outage() => new(options, Engine(), new CustomerTargeting(options, dataSources));

    public Task<Campaign?> CampaignAsync(string id) =>
        Hub.Store.GetAsync<Campaign>(CampaignEngine.Campaigns, id).ContinueWith(t => t.Result?.Value);

    /// <summary>Fires the timers due at <paramref name="now"/>, earliest first.</summary>
    public async Task FireDueAsync(DateTimeOffset now)
    {
        foreach (var message in Hub.Scheduler.TakeDue(now))
        {
            switch (message)
            {
                case CampaignCallBatchDue m: await Campaigns().HandleAsync(m, Hub.Context(m), default); break;
                case CampaignFinalizeDue m: await Campaigns().HandleAsync(m, Hub.Context(m), default); break;
            }
        }
    }
}
