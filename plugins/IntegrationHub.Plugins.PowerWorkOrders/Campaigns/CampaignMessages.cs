using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>
/// What a campaign sends besides calls: the fallback message to a customer not reached, the withdrawal notice to
/// those already told, and at the end its results (published, and delivered to the recipients and the report system).
/// </summary>
public sealed class CampaignMessages(PowerWorkOrdersOptions options)
{
    public async Task FallbackAsync(Campaign campaign, string customerId, CallingSettings settings, MessageContext context, CancellationToken cancellationToken)
    {
        var contact = campaign.Contacts[customerId];
        if (contact.FallbackSent || string.IsNullOrEmpty(settings.FallbackText))
        {
            return;
        }

        await SendAsync(campaign, customerId, Fill(settings.FallbackText, campaign, contact), "fallback", context, cancellationToken);
        contact.FallbackSent = true;
        contact.Told = true;
    }

    /// <summary>Tells everyone already told (by call or message) that the campaign's notice is withdrawn.</summary>
    public async Task WithdrawAsync(Campaign campaign, string? text, MessageContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var (customerId, contact) in campaign.Contacts.Where(c => c.Value.Told))
        {
            await SendAsync(campaign, customerId, Fill(text, campaign, contact), "withdrawn", context, cancellationToken);
        }
    }

    /// <summary>The results, once per campaign (the flag is stored with the campaign before anything is published).</summary>
    public CampaignCompleted? TakeResults(Campaign campaign, DateTimeOffset at)
    {
        if (campaign.ResultsPublished)
        {
            return null;
        }

        campaign.ResultsPublished = true;
        campaign.CompletedAt = at;
        var contacts = campaign.Contacts.Values.ToList();
        var answered = contacts.Where(c => c.Result is ContactResults.Reached or ContactResults.Objection or ContactResults.OptedOut).ToList();
        return new CampaignCompleted(
            campaign.CampaignId,
            campaign.Kind,
            contacts.Count,
            answered.Count,
            contacts.Count(c => c.Result == ContactResults.NotReached),
            contacts.Count(c => c.Result == ContactResults.Objection),
            contacts.Count(c => c.FallbackSent),
            contacts.Count(c => c.Result == ContactResults.DoNotCall),
            contacts.Count(c => c.Result == ContactResults.OptedOut),
            contacts.Count(c => c.Result == ContactResults.Cancelled),
            campaign.State == CampaignStates.Cancelled,
            answered.GroupBy(c => c.Intent ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            campaign.Contacts.Where(c => c.Value.Result == ContactResults.Objection).Select(c => c.Key).Order(StringComparer.Ordinal).ToList(),
            at);
    }

    /// <summary>Publishes the results (and, for an outage plan, its notice summary) and delivers them to whoever is configured.</summary>
    public async Task PublishAsync(CampaignCompleted? results, CallingSettings settings, MessageContext context, CancellationToken cancellationToken)
    {
        if (results is null)
        {
            return;
        }

        await context.Publisher.PublishAsync(results, cancellationToken);
        if (results.Kind == CampaignKinds.OutageNotice)
        {
            await context.Publisher.PublishAsync(new OutageNoticeSummary(
                results.CampaignId, results.Customers, results.Reached, results.NotReached, results.Objections, results.FallbackSent,
                results.CancelledCalls, results.Cancelled, results.CompletedAt, results.ObjectionCustomerIds), cancellationToken);
        }

        var key = $"campaign:{results.CampaignId}:results";
        if (settings.Recipients.Count > 0)
        {
            var payload = new JsonObject
            {
                ["title"] = "外呼结果",
                ["text"] = Report(results),
                ["mentions"] = new JsonArray(settings.Recipients.Select(r => (JsonNode)r).ToArray()),
                ["campaignId"] = results.CampaignId,
            };
            await context.Outbox.EnqueueAsync(new OutboxDelivery(options.OaConnector, "message.send", payload, key, key), cancellationToken);
        }

        if (!string.IsNullOrEmpty(options.Campaigns.ReportConnector))
        {
            var report = System.Text.Json.JsonSerializer.SerializeToNode(results, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.AsObject();
            await context.Outbox.EnqueueAsync(new OutboxDelivery(options.Campaigns.ReportConnector, options.Campaigns.ReportOperation, report, key + ":report", key), cancellationToken);
        }
    }

    /// <summary>The results as the recipients read them: counts, outcomes by intent, the objections to follow up.</summary>
    public static string Report(CampaignCompleted r)
    {
        var outcomes = string.Join("，", r.Outcomes.Select(o => $"{o.Key} {o.Value}"));
        var objections = r.ObjectionCustomerIds.Count == 0 ? "无" : string.Join("、", r.ObjectionCustomerIds.Take(50)) + (r.ObjectionCustomerIds.Count > 50 ? $" 等{r.ObjectionCustomerIds.Count}户" : "");
        return $"外呼任务 {r.CampaignId}（{r.Kind}）{(r.Cancelled ? "已取消" : "已完成")}：共{r.Customers}户，接通{r.Reached}户，未接通{r.NotReached}户，" +
            $"短信补发{r.FallbackSent}户，免打扰{r.DoNotCall}户，拒绝再呼{r.OptedOut}户，取消{r.CancelledCalls}户。意图：{(outcomes.Length == 0 ? "无" : outcomes)}。需跟进异议户：{objections}。";
    }

    private async Task SendAsync(Campaign campaign, string customerId, string text, string purpose, MessageContext context, CancellationToken cancellationToken)
    {
        var contact = campaign.Contacts[customerId];
        await context.Outbox.EnqueueAsync(new OutboxDelivery(
            options.FallbackConnector,
            "message.send",
            new JsonObject { ["phone"] = contact.Phone, ["customerId"] = customerId, ["text"] = text, ["campaignId"] = campaign.CampaignId, ["purpose"] = purpose },
            $"campaign:{campaign.CampaignId}:{purpose}:{customerId}",
            $"campaign:{campaign.CampaignId}"), cancellationToken);
    }

    private static string Fill(string text, Campaign campaign, CampaignContact contact)
    {
        var filled = text.Replace("{name}", contact.Name, StringComparison.Ordinal);
        foreach (var (name, value) in campaign.Variables)
        {
            filled = filled.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return filled;
    }
}
