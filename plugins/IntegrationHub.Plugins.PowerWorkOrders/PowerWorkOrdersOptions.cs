using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.PowerWorkOrders;

/// <summary>The plugin's configuration (<c>Plugins:PowerWorkOrders</c>). Lists and maps left empty get the built-in defaults.</summary>
public sealed class PowerWorkOrdersOptions
{
    /// <summary>Connector names (hub configuration <c>Connectors:{name}</c>).</summary>
    public string EamConnector { get; set; } = "eam";

    public string OaConnector { get; set; } = "oa";

    public string VoiceConnector { get; set; } = "voicebot";

    /// <summary>The second channel for customers the voice bot did not reach (an SMS-like webhook).</summary>
    public string FallbackConnector { get; set; } = "sms";

    /// <summary>Connectors whose <c>status</c> callbacks and polled interface-table rows report work-order status (default: <see cref="EamConnector"/>).</summary>
    public List<string> StatusConnectors { get; set; } = [];

    public IReadOnlyList<string> StatusConnectorsOrDefault => StatusConnectors.Count > 0 ? StatusConnectors : [EamConnector];

    /// <summary>
    /// Per connector, the target's own codes → the hub's: work-order statuses (<c>WorkOrderStatuses</c>), approval
    /// decisions (<c>approved</c>/<c>rejected</c>), dial statuses (<c>answered</c>, <c>no-answer</c>…). Matched ignoring case;
    /// an unmapped callback code is taken lower-cased, an unmapped polled code as it is.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> StatusMaps { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public WorkOrderOptions WorkOrders { get; set; } = new();

    public OutageOptions Outage { get; set; } = new();

    public CampaignOptions Campaigns { get; set; } = new();

    public TargetingOptions Targeting { get; set; } = new();

    public Dictionary<string, VoiceScript> Scripts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TicketRuleSet Tickets { get; set; } = new();

    public static PowerWorkOrdersOptions Load(IConfiguration configuration)
    {
        // Built-in campaign kinds first, so configuration changes a kind's settings rather than replacing them all.
        var options = new PowerWorkOrdersOptions();
        CampaignDefaults.AddKinds(options);
        configuration.Bind(options);
        if (options.Scripts.Count == 0)
        {
            foreach (var (name, script) in Defaults.Scripts())
            {
                options.Scripts[name] = script;
            }
        }

        CampaignDefaults.Apply(options);
        if (options.Tickets.Categories.Count == 0)
        {
            options.Tickets.Categories = Defaults.TicketCategories();
        }

        if (options.Tickets.Rules.Count == 0)
        {
            options.Tickets.Rules = Defaults.TicketRules();
        }

        return options;
    }
}

public sealed class WorkOrderOptions
{
    /// <summary>An urgent order not accepted within this time is escalated to <see cref="Supervisor"/>.</summary>
    public TimeSpan AcceptWithin { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan UrgentDeadline { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan NormalDeadline { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The same defect type on the same equipment within this window joins the open order.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>OA user told about an urgent order not accepted in time.</summary>
    public string Supervisor { get; set; } = "dispatch-supervisor";

    /// <summary>OA user told about an order past its deadline (the second escalation).</summary>
    public string Manager { get; set; } = "maintenance-manager";

    /// <summary>Severities that make an order urgent.</summary>
    public List<string> UrgentSeverities { get; set; } = [];

    public IReadOnlyList<string> UrgentSeveritiesOrDefault => UrgentSeverities.Count > 0 ? UrgentSeverities : ["critical", "urgent"];
}

/// <summary>A voice-bot script: what to say first, and per recognised intent what to say and do next.</summary>
public sealed class VoiceScript
{
    public string Greeting { get; set; } = "";

    /// <summary>The reasoning worker's intent set (default: the script's name).</summary>
    public string? IntentSet { get; set; }

    public double MinConfidence { get; set; } = 0.35;

    public int MaxTurns { get; set; } = 6;

    /// <summary>Unclear answers in a row before the call is handed to a human.</summary>
    public int MaxFallbacks { get; set; } = 2;

    public Dictionary<string, ScriptResponse> Responses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ScriptResponse Fallback { get; set; } = new() { Prompt = "抱歉，我没有听清，请您再说一遍。", Action = DialogActions.Continue };

    public ScriptResponse Closing { get; set; } = new() { Prompt = "感谢您的接听，再见。", Action = DialogActions.HangUp, Outcome = "max-turns" };
}

public sealed class ScriptResponse
{
    public string Prompt { get; set; } = "";

    /// <summary><see cref="DialogActions"/>.</summary>
    public string Action { get; set; } = DialogActions.Continue;

    /// <summary>The call's outcome when this response ends it.</summary>
    public string? Outcome { get; set; }
}

public static class DialogActions
{
    public const string Continue = "continue";
    public const string Transfer = "transfer";
    public const string HangUp = "hangup";
}

/// <summary>Safety rules for operation tickets: step categories (regular expressions) and per task the required ones and their order.</summary>
public sealed class TicketRuleSet
{
    public Dictionary<string, string> Categories { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<TicketRule> Rules { get; set; } = [];
}

public sealed class TicketRule
{
    /// <summary>Regular expression over the ticket's task; the rule applies when it matches.</summary>
    public string Task { get; set; } = "";

    public List<string> Required { get; set; } = [];

    /// <summary>Pairs <c>a&lt;b</c>: the first step of category a comes before the first step of category b.</summary>
    public List<string> Order { get; set; } = [];
}
