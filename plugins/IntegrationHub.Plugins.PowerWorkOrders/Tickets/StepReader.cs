using System.Text.RegularExpressions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>What one step of a ticket does, as read from its text.</summary>
/// <param name="Number">1-based.</param>
/// <param name="Action"><see cref="StepActions"/>, or null when no step pattern matched.</param>
/// <param name="Equipment">This bay's equipment the step names (the longest name found).</param>
/// <param name="Node">This bay's conductor the step names ("线路侧").</param>
/// <param name="Foreign">Another bay's line or equipment the step names.</param>
public sealed record TicketStep(int Number, string Text, string? Action, string? Position, EquipmentOptions? Equipment, string? Node, string? Foreign)
{
    public string Label => $"step {Number} ({Text})";
}

/// <summary>Reads steps against one bay: the action from the configured step patterns, the equipment and conductor from the bay's names, and anything of the station's other bays.</summary>
public sealed partial class StepReader
{
    private readonly IReadOnlyList<(Regex Pattern, StepPattern Step)> _patterns;
    private readonly NameIndex<EquipmentOptions> _equipment;
    private readonly NameIndex<string> _nodes;
    private readonly NameIndex<string> _foreign;

    public StepReader(TicketOptions options, BayModel bay, IEnumerable<BayModel> station)
    {
        _patterns = options.StepPatterns.Select(p => (new Regex(p.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), p)).ToList();
        // Own names stay in the index of foreign names so that the longest name wins ("新城东线" is not "城东线").
        var own = bay.Lines.Concat(bay.Equipment.SelectMany(e => e.Names)).Select(n => (n, ""));
        var others = station.Where(b => b.Id != bay.Id).SelectMany(b => b.Lines.Concat(b.Equipment.SelectMany(e => e.Names)).Select(n => (n, b.Id)));
        _foreign = new NameIndex<string>(own.Concat(others));
        _equipment = new NameIndex<EquipmentOptions>(bay.Equipment.SelectMany(e => e.Names.Select(n => (n, e))));
        _nodes = new NameIndex<string>(bay.NodePhrases);
    }

    /// <summary>The step's text without its number ("1. 拉开…", "（2）…", "3、…").</summary>
    public static string WithoutNumber(string step) => Numbering().Replace(step.Trim(), "");

    public IReadOnlyList<TicketStep> Read(IReadOnlyList<string> steps) => steps.Select((s, i) => Read(i + 1, WithoutNumber(s))).ToList();

    private TicketStep Read(int number, string text)
    {
        var pattern = _patterns.FirstOrDefault(p => p.Pattern.IsMatch(text)).Step;
        var foreign = _foreign.Find(text).FirstOrDefault(f => f.Target.Length > 0);
        return new TicketStep(
            number,
            text,
            pattern?.Action,
            pattern?.Position,
            _equipment.Find(text).Select(e => e.Target).FirstOrDefault(),
            _nodes.Find(text).Select(n => n.Target).LastOrDefault(),
            foreign.Name is null ? null : $"{foreign.Name} of bay {foreign.Target}");
    }

    [GeneratedRegex(@"^(第?\d+步?[.．、:：)）]?|[（(]\d+[)）])\s*")]
    private static partial Regex Numbering();
}
