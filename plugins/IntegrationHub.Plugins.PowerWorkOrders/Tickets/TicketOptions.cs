using System.Text.Json;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>
/// Operation-ticket checking (<c>Plugins:PowerWorkOrders:Tickets</c>): how step text reads as actions, the task
/// templates and the bays of each station. Any list left empty gets the plugin's shipped data
/// (<c>Tickets/operation-tickets.json</c>: the demo station 城东变).
/// </summary>
public sealed class TicketOptions
{
    /// <summary>Tried in order; the first whose pattern matches a step's text says what the step does.</summary>
    public List<StepPattern> StepPatterns { get; set; } = [];

    public List<TicketTemplate> Templates { get; set; } = [];

    public List<BayOptions> Bays { get; set; } = [];

    /// <summary>Regular expressions for words a draft repeats back to back ("城东线线", "901开关开关"); a match is replaced by its first group.</summary>
    public List<string> RepeatFixes { get; set; } = [];

    /// <summary>The shipped data with every empty list of <paramref name="configured"/> filled from it.</summary>
    public static TicketOptions WithDefaults(TicketOptions configured)
    {
        var shipped = Shipped();
        return new TicketOptions
        {
            StepPatterns = configured.StepPatterns.Count > 0 ? configured.StepPatterns : shipped.StepPatterns,
            Templates = configured.Templates.Count > 0 ? configured.Templates : shipped.Templates,
            Bays = configured.Bays.Count > 0 ? configured.Bays : shipped.Bays,
            RepeatFixes = configured.RepeatFixes.Count > 0 ? configured.RepeatFixes : shipped.RepeatFixes,
        };
    }

    private static TicketOptions Shipped()
    {
        using var stream = typeof(TicketOptions).Assembly.GetManifestResourceStream("IntegrationHub.Plugins.PowerWorkOrders.Tickets.operation-tickets.json")
            ?? throw new InvalidOperationException("the plugin's operation-tickets.json resource is missing");
        return JsonSerializer.Deserialize<TicketOptions>(stream, new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) ?? throw new InvalidOperationException("the plugin's operation-tickets.json is empty");
    }
}

/// <summary>A regular expression over a step's text (its number removed) and what a matching step does.</summary>
public sealed class StepPattern
{
    public string Pattern { get; set; } = "";

    /// <summary><see cref="StepActions"/>.</summary>
    public string Action { get; set; } = StepActions.None;

    /// <summary>For <c>rack</c>: the position the truck is moved to (<c>service</c>, <c>test</c>, <c>maintenance</c>).</summary>
    public string? Position { get; set; }
}

public static class StepActions
{
    /// <summary>A check, a sign, secondary wiring, a report: no change to the primary circuit.</summary>
    public const string None = "none";
    public const string Open = "open";
    public const string Close = "close";
    public const string Rack = "rack";
    public const string Verify = "verify";
    public const string ApplyGround = "apply-ground";
    public const string RemoveGround = "remove-ground";
}

/// <summary>A known task (运行转检修 …) and the state the bay must be in after its last step.</summary>
public sealed class TicketTemplate
{
    public string Name { get; set; } = "";

    /// <summary>Regular expression over the request's task.</summary>
    public string Task { get; set; } = "";

    /// <summary>Equipment role → the states allowed at the end (<c>open</c>, <c>closed</c>, <c>test|maintenance</c>); roles a bay lacks are skipped.</summary>
    public Dictionary<string, string> Final { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Conductors (bay node ids) that carry a ground at the end; every other conductor of the bay must carry none.</summary>
    public List<string> Grounded { get; set; } = [];
}

/// <summary>
/// A bay: its conductors (nodes) and the equipment between them. A node in <see cref="Sources"/> is always live;
/// a node in <see cref="Loads"/> draws current when connected to a source.
/// </summary>
public sealed class BayOptions
{
    public string Id { get; set; } = "";

    public string Station { get; set; } = "";

    /// <summary>The line's names as tickets write them ("城东线", "10kV城东线").</summary>
    public List<string> Lines { get; set; } = [];

    public List<string> Sources { get; set; } = [];

    public List<string> Loads { get; set; } = [];

    /// <summary>Node id → the phrases that name it in a step ("线路侧", "母线侧").</summary>
    public Dictionary<string, List<string>> Nodes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<EquipmentOptions> Equipment { get; set; } = [];
}

public sealed class EquipmentOptions
{
    public string Id { get; set; } = "";

    /// <summary><c>breaker</c>, <c>disconnector</c>, <c>truck</c> (withdrawable breaker carriage), <c>earthing-switch</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What templates call it: <c>breaker</c>, <c>bus-disconnector</c>, <c>line-disconnector</c>, <c>truck</c>, <c>line-earthing</c>.</summary>
    public string Role { get; set; } = "";

    /// <summary>How steps name it ("901开关", "901断路器"); the longest name found in a step wins.</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>Pairs of nodes it connects when conducting (a truck has two: bus contacts and line contacts).</summary>
    public List<List<string>> Connects { get; set; } = [];

    /// <summary>An earthing switch's node.</summary>
    public string? At { get; set; }

    /// <summary>The state when the store holds none: <c>open</c>/<c>closed</c>, for a truck <c>service</c>/<c>test</c>/<c>maintenance</c>.</summary>
    public string State { get; set; } = "open";
}
