namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>
/// How one kind of campaign calls: the script, the legal calling window, the rate, retries per dial status, the
/// fallback message and who is told the results. <c>Outage</c> holds the outage-notice kind's; <c>Campaigns:Kinds:{kind}</c> the others'.
/// </summary>
public class CallingSettings
{
    /// <summary>The voice platform's script (and the hub's dialog script); default: the kind's name.</summary>
    public string? ScriptId { get; set; }

    public int BatchSize { get; set; } = 50;

    /// <summary>Rate limit: call tasks are spread so no more numbers than this are handed over per minute (retries included).</summary>
    public int CallsPerMinute { get; set; } = 100;

    /// <summary>The legal calling window, local time of <see cref="UtcOffset"/>.</summary>
    public TimeSpan WindowStart { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan WindowEnd { get; set; } = TimeSpan.FromHours(20);

    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Local-time ranges inside the window when nobody is called (lunch rest), as <c>HH:mm-HH:mm</c>.</summary>
    public List<string> DoNotDisturb { get; set; } = [];

    /// <summary>Attempts per number for a dial status without its own entry in <see cref="Retries"/> that is retried (<c>no-answer</c>, <c>busy</c>).</summary>
    public int MaxAttempts { get; set; } = 3;

    public int RetryIntervalMinutes { get; set; } = 10;

    /// <summary>Per dial status (<c>no-answer</c>, <c>busy</c>, <c>rejected</c>, <c>unreachable</c>…): how many attempts and how long between them. A status not listed is not retried.</summary>
    public Dictionary<string, RetryRule> Retries { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, RetryRule> RetriesOrDefault => Retries.Count > 0
        ? Retries
        : new Dictionary<string, RetryRule>(StringComparer.OrdinalIgnoreCase)
        {
            ["no-answer"] = new() { MaxAttempts = MaxAttempts, After = TimeSpan.FromMinutes(RetryIntervalMinutes) },
            ["busy"] = new() { MaxAttempts = MaxAttempts, After = TimeSpan.FromMinutes(RetryIntervalMinutes) },
        };

    public int Concurrency { get; set; } = 10;

    /// <summary>How long after the last batch results are awaited before the rest count as not reached.</summary>
    public TimeSpan ResultsWithin { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Intents of a reached customer that count as an objection (a human follows up).</summary>
    public List<string> ObjectionIntents { get; set; } = [];

    public IReadOnlyList<string> ObjectionIntentsOrDefault => ObjectionIntents.Count > 0 ? ObjectionIntents : ["有异议", "不满意", "转人工", "objection"];

    /// <summary>Intents (or dialog outcomes) meaning "do not call me again": the customer goes on the do-not-call list.</summary>
    public List<string> OptOutIntents { get; set; } = [];

    public IReadOnlyList<string> OptOutIntentsOrDefault => OptOutIntents.Count > 0 ? OptOutIntents : ["拒绝", "勿扰", "opt-out", "do-not-call"];

    /// <summary>Message to a customer not reached by phone (<c>{name}</c> and the campaign's variables in braces); empty sends none.</summary>
    public string? FallbackText { get; set; }

    /// <summary>Whether customers on the do-not-call list get the fallback message instead of a call (a service notice must reach them).</summary>
    public bool FallbackForDoNotCall { get; set; }

    /// <summary>OA users told the results (counts, outcomes, objections) through the OA connector's <c>message.send</c>.</summary>
    public List<string> Recipients { get; set; } = [];
}

public sealed class RetryRule
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; set; } = 1;

    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>The outage-notice kind's settings, with the plan's own texts.</summary>
public sealed class OutageOptions : CallingSettings
{
    public OutageOptions()
    {
        ScriptId = "outage-notice";
        FallbackText = "【供电公司】尊敬的{name}：因{reason}，{feeder}线路计划于{startsAt}至{endsAt}停电，请提前做好准备。";
        FallbackForDoNotCall = true;
    }

    /// <summary>Sent to every customer already told (by call or message) when the plan is withdrawn; empty sends none.</summary>
    public string CancellationText { get; set; } = "【供电公司】尊敬的{name}：原定{startsAt}至{endsAt}的{feeder}线路停电计划已取消，给您带来不便敬请谅解。";
}

/// <summary>Campaigns beyond outage notices (<c>Campaigns</c>).</summary>
public sealed class CampaignOptions
{
    /// <summary>Per kind (<c>fee-reminder</c>, <c>satisfaction-survey</c>, or a new one with its own script): how it calls. Kinds left out get the built-in defaults.</summary>
    public Dictionary<string, CallingSettings> Kinds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Customers (phones or customer ids) never called by any campaign, besides those who opted out (stored, collection <c>do-not-call</c>).</summary>
    public List<string> DoNotCall { get; set; } = [];

    /// <summary>A connector and operation that receives every campaign's full results as JSON (a report system); empty sends none.</summary>
    public string? ReportConnector { get; set; }

    public string ReportOperation { get; set; } = "campaign-report.submit";
}

/// <summary>Who is targeted: the customer database and the saved queries (<c>Targeting</c>).</summary>
public sealed class TargetingOptions
{
    /// <summary>The data source (hub <c>DataSources:{name}</c>) with customers and the grid topology.</summary>
    public string DataSource { get; set; } = "power-marketing";

    public int MaxCustomers { get; set; } = 20000;

    /// <summary>
    /// Per grid selector (<c>feeder</c>, <c>transformer-area</c>, <c>region</c>, <c>district</c>, <c>customer</c>), a query returning
    /// <c>customer_id, name, phone</c> with <c>IN (@values)</c>, which the hub expands to the selector's values. Left out: the built-in ones over the demo schema.
    /// </summary>
    public Dictionary<string, string> Queries { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Saved customer segments by name: a query returning <c>customer_id, name, phone</c>; <c>@variable</c> parameters come from the campaign's variables.</summary>
    public Dictionary<string, string> Segments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
