namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

public static class EquipmentKinds
{
    public const string Breaker = "breaker";
    public const string Disconnector = "disconnector";
    public const string Truck = "truck";
    public const string EarthingSwitch = "earthing-switch";
}

/// <summary>
/// A bay's switching state (collection <c>bay-states</c>, key = bay id): each equipment's position and the portable
/// ground wires applied, by node. The bay's configured states stand in until one is stored.
/// </summary>
public sealed class BayState
{
    public Dictionary<string, string> Positions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> GroundWires { get; set; } = [];

    public BayState Copy() => new() { Positions = new(Positions, StringComparer.OrdinalIgnoreCase), GroundWires = [.. GroundWires] };
}

/// <summary>
/// One bay's topology: conductors (nodes) joined by breakers, disconnectors and truck contacts, earthing switches on
/// nodes. Answers what is live, what is grounded and what a switching element would make or break in a given state.
/// </summary>
public sealed class BayModel
{
    private readonly BayOptions _bay;

    public BayModel(BayOptions bay)
    {
        _bay = bay;
        var nodes = bay.Nodes.Keys.Concat(bay.Sources).Concat(bay.Loads)
            .Concat(bay.Equipment.SelectMany(e => e.Connects.SelectMany(pair => pair)))
            .Concat(bay.Equipment.Where(e => e.At is not null).Select(e => e.At!));
        Nodes = nodes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bad = bay.Equipment.Where(e => e.Kind == EquipmentKinds.EarthingSwitch ? e.At is null : e.Connects.Count == 0 || e.Connects.Any(p => p.Count != 2)).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidOperationException($"bay {bay.Id}: {string.Join(", ", bad.Select(e => e.Id))} need Connects (pairs of nodes) or, for an earthing switch, At");
        }
    }

    public string Id => _bay.Id;

    public string Station => _bay.Station;

    public IReadOnlyList<string> Lines => _bay.Lines;

    public IReadOnlyList<EquipmentOptions> Equipment => _bay.Equipment;

    public IReadOnlySet<string> Nodes { get; }

    public IEnumerable<(string Phrase, string Node)> NodePhrases => _bay.Nodes.SelectMany(n => n.Value.Select(p => (p, n.Key)));

    public BayState InitialState() => new()
    {
        Positions = _bay.Equipment.ToDictionary(e => e.Id, e => e.State, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Why <paramref name="state"/> cannot be this bay's state: unknown equipment or nodes, positions its kind does not have.</summary>
    public IReadOnlyList<string> Problems(BayState state)
    {
        var problems = new List<string>();
        foreach (var (id, position) in state.Positions)
        {
            var equipment = _bay.Equipment.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
            var allowed = equipment?.Kind == EquipmentKinds.Truck ? new[] { "service", "test", "maintenance" } : ["open", "closed"];
            if (equipment is null)
            {
                problems.Add($"bay {Id} has no equipment {id}");
            }
            else if (!allowed.Contains(position))
            {
                problems.Add($"{equipment.Kind} {id} cannot be '{position}' (one of {string.Join(", ", allowed)})");
            }
        }

        problems.AddRange(state.GroundWires.Where(n => !Nodes.Contains(n)).Select(n => $"bay {Id} has no conductor {n} for a ground wire"));
        return problems;
    }

    public static bool Conducts(EquipmentOptions equipment, string position) =>
        position == (equipment.Kind == EquipmentKinds.Truck ? "service" : "closed");

    /// <summary>Nodes carrying a ground: closed earthing switches and applied ground wires.</summary>
    public IReadOnlyList<string> Grounds(BayState state) =>
        _bay.Equipment.Where(e => e.Kind == EquipmentKinds.EarthingSwitch && Position(state, e) == "closed").Select(e => e.At!)
            .Concat(state.GroundWires).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public string Position(BayState state, EquipmentOptions equipment) =>
        state.Positions.TryGetValue(equipment.Id, out var position) ? position : equipment.State;

    /// <summary>The source a node is connected to through conducting equipment, or null when it is dead.</summary>
    public string? LiveFrom(string node, BayState state) => Component(node, state, except: null, []).FirstOrDefault(n => _bay.Sources.Contains(n, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Whether operating <paramref name="equipment"/> makes or breaks current: with one of its contact pairs apart and
    /// its other pairs made (a truck's bus and line contacts move together), one side reaches a source and the other
    /// a load or another source.
    /// </summary>
    public bool UnderLoad(EquipmentOptions equipment, BayState state)
    {
        foreach (var pair in equipment.Connects)
        {
            var others = equipment.Connects.Where(p => p != pair).ToList();
            var a = Component(pair[0], state, equipment, others);
            var b = Component(pair[1], state, equipment, others);
            if (a.SetEquals(b))
            {
                continue;
            }

            if ((Feeds(a) && (Feeds(b) || Draws(b))) || (Feeds(b) && Draws(a)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The closed breakers of the bay (to say why something is under load).</summary>
    public IEnumerable<EquipmentOptions> ClosedBreakers(BayState state) =>
        _bay.Equipment.Where(e => e.Kind == EquipmentKinds.Breaker && Position(state, e) == "closed");

    private bool Feeds(HashSet<string> component) => component.Overlaps(_bay.Sources);

    private bool Draws(HashSet<string> component) => component.Overlaps(_bay.Loads);

    /// <summary>The nodes <paramref name="start"/> reaches through conducting equipment other than <paramref name="except"/>, and through <paramref name="extra"/>.</summary>
    private HashSet<string> Component(string start, BayState state, EquipmentOptions? except, IReadOnlyList<List<string>> extra)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        var links = _bay.Equipment.Where(e => e != except && e.Kind != EquipmentKinds.EarthingSwitch && Conducts(e, Position(state, e)))
            .SelectMany(e => e.Connects).Concat(extra).ToList();
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var pair in links)
            {
                var other = string.Equals(pair[0], node, StringComparison.OrdinalIgnoreCase) ? pair[1]
                    : string.Equals(pair[1], node, StringComparison.OrdinalIgnoreCase) ? pair[0] : null;
                if (other is not null && seen.Add(other))
                {
                    queue.Enqueue(other);
                }
            }
        }

        return seen;
    }
}
