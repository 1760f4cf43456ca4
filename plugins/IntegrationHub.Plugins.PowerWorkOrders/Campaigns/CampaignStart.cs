namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>What a campaign is started with; the customers come separately (a segment, a grid target, a list).</summary>
/// <param name="CallBefore">Calls that could only start at or after this are pointless (an outage's start).</param>
public sealed record CampaignStart(
    string CampaignId,
    string Kind,
    DateTimeOffset At,
    string Target,
    IReadOnlyDictionary<string, string> Variables,
    DateTimeOffset? CallBefore = null,
    string? RequestedBy = null);
