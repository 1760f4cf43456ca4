using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>The campaign kinds the PowerWorkOrders plugin runs (each with its own settings and voice script).</summary>
public static class CampaignKinds
{
    public const string FeeReminder = "fee-reminder";
    public const string OutageNotice = "outage-notice";
    public const string SatisfactionSurvey = "satisfaction-survey";
}

/// <summary>
/// Start an outbound-call campaign for a customer segment: a saved query (<see cref="Segment"/>, configured by name)
/// or an explicit list (<see cref="CustomerIds"/>). <see cref="CampaignId"/> is the idempotency key.
/// </summary>
/// <param name="Kind"><see cref="CampaignKinds"/>.</param>
/// <param name="Variables">Task variables for the script and the fallback text (for example a month or an amount).</param>
[MessageContract("power.campaign-requested")]
public sealed record CampaignRequested(
    string CampaignId,
    string Kind,
    DateTimeOffset RequestedAt,
    string? Segment = null,
    IReadOnlyList<string>? CustomerIds = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    string? RequestedBy = null) : IHasBusinessKey
{
    public string BusinessKey => CampaignId;
}

/// <summary>A campaign was withdrawn: calls not yet made are cancelled.</summary>
[MessageContract("power.campaign-cancelled")]
public sealed record CampaignCancelled(string CampaignId, string Reason, DateTimeOffset CancelledAt) : IHasBusinessKey
{
    public string BusinessKey => $"campaign-cancel:{CampaignId}";
}

/// <summary>A campaign could not start (unknown kind or segment, empty target, database error); nobody was called.</summary>
[MessageContract("power.campaign-failed")]
public sealed record CampaignFailed(string CampaignId, string Kind, string Reason, DateTimeOffset FailedAt) : IHasBusinessKey
{
    public string BusinessKey => $"campaign-failed:{CampaignId}";
}

/// <summary>A campaign's results: who was reached, the outcomes by intent, objections, opt-outs; delivered to the configured recipients too.</summary>
/// <param name="Outcomes">Reached customers by recognised intent (<c>unknown</c> when none).</param>
/// <param name="DoNotCall">Customers not called because they are on the do-not-call list.</param>
/// <param name="OptedOut">Customers who asked not to be called again during this campaign.</param>
[MessageContract("power.campaign-completed")]
public sealed record CampaignCompleted(
    string CampaignId,
    string Kind,
    int Customers,
    int Reached,
    int NotReached,
    int Objections,
    int FallbackSent,
    int DoNotCall,
    int OptedOut,
    int CancelledCalls,
    bool Cancelled,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<string> ObjectionCustomerIds,
    DateTimeOffset CompletedAt) : IHasBusinessKey
{
    public string BusinessKey => $"campaign-completed:{CampaignId}";
}
