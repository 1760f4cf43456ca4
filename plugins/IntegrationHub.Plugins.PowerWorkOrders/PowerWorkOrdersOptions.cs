using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
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

    /// <summary>The dialog policies every script shares: opt-out, fraud suspicion, barge-in, silence.</summary>
    public VoiceBot.DialogOptions Dialog { get; set; } = new();

    public Operator.OperatorOptions Operator { get; set; } = new();

    /// <summary>Operation-ticket templates, bays and step patterns; empty lists get the plugin's shipped data.</summary>
    public TicketOptions Tickets { get; set; } = new();

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
        options.Tickets = TicketOptions.WithDefaults(options.Tickets);

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

    /// <summary>After more than <see cref="MaxFallbacks"/> unclear answers in a row.</summary>
    public ScriptResponse NotUnderstood { get; set; } = new() { Prompt = "抱歉，为您转接人工客服。", Action = DialogActions.Transfer, Outcome = "not-understood" };

    public ScriptResponse WorkerUnavailable { get; set; } = new() { Prompt = "抱歉，系统繁忙，正在为您转接人工客服。", Action = DialogActions.Transfer, Outcome = "worker-unavailable" };

    /// <summary>The script's question, asked again after a side topic (a declined transfer); default: the greeting.</summary>
    public string? Question { get; set; }

    public string QuestionOrGreeting => string.IsNullOrEmpty(Question) ? Greeting : Question;

    /// <summary>The SMS sent when the call closes after silence (default: <c>Dialog:Silence:Sms</c>); <c>{hotline}</c> is replaced.</summary>
    public string? SilenceSms { get; set; }
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
