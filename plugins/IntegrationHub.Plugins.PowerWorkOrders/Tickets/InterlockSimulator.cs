namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>The bay after the last step, which step last changed each equipment or ground, and every refused step.</summary>
public sealed record SimulationResult(BayState Final, IReadOnlyDictionary<string, TicketStep> ChangedBy, IReadOnlyList<string> Problems);

/// <summary>
/// Runs a ticket step by step on a copy of the bay's current state and refuses, naming the step, what the five
/// preventions (五防) forbid: a disconnector or truck operated under load, a breaker or disconnector closed while the bay
/// carries a ground, a ground on a live conductor or on one not verified dead first, equipment of another bay. A refused
/// step leaves the state as it was, so later steps are judged against what would really be there.
/// </summary>
public sealed class InterlockSimulator
{
    public SimulationResult Run(BayModel bay, BayState current, IReadOnlyList<TicketStep> steps)
    {
        var run = new Simulation(bay, current.Copy());
        foreach (var step in steps)
        {
            var problem = step.Foreign is not null
                ? $"{step.Label}: operates on {step.Foreign}, not on this ticket's bay {bay.Id}"
                : Apply(run, step);
            if (problem is not null)
            {
                run.Problems.Add(problem);
            }
        }

        return new SimulationResult(run.State, run.ChangedBy, run.Problems);
    }

    private static string? Apply(Simulation run, TicketStep step) => step.Action switch
    {
        null => $"{step.Label}: not a recognised operation step",
        StepActions.None => null,
        StepActions.Verify => Verify(run, step),
        StepActions.ApplyGround => ApplyGroundWire(run, step),
        StepActions.RemoveGround => RemoveGroundWire(run, step),
        _ when step.Equipment is null => $"{step.Label}: names no equipment of bay {run.Bay.Id}",
        _ when step.Equipment.Kind == EquipmentKinds.EarthingSwitch => EarthingSwitch(run, step, step.Equipment),
        StepActions.Rack when step.Equipment.Kind == EquipmentKinds.Truck => Move(run, step, step.Equipment, step.Position ?? "test"),
        StepActions.Open or StepActions.Close when step.Equipment.Kind != EquipmentKinds.Truck =>
            Move(run, step, step.Equipment, step.Action == StepActions.Open ? "open" : "closed"),
        _ => $"{step.Label}: cannot {step.Action} {step.Equipment.Kind} {step.Equipment.Id}",
    };

    private static string? Verify(Simulation run, TicketStep step)
    {
        if (step.Node is null)
        {
            return $"{step.Label}: does not name the conductor verified";
        }

        if (run.Bay.LiveFrom(step.Node, run.State) is { } source)
        {
            return $"{step.Label}: verifies no voltage on {step.Node}, which is live from {source}";
        }

        run.Verified.Add(step.Node);
        return null;
    }

    private static string? EarthingSwitch(Simulation run, TicketStep step, EquipmentOptions earthing)
    {
        var position = run.Bay.Position(run.State, earthing);
        if (step.Action == StepActions.Close)
        {
            return position == "closed" ? $"{step.Label}: earthing switch {earthing.Id} is already closed"
                : Ground(run, step, earthing.At!, () => Set(run, step, earthing, "closed"));
        }

        if (step.Action == StepActions.Open)
        {
            return position == "open" ? $"{step.Label}: earthing switch {earthing.Id} is already open" : Set(run, step, earthing, "open");
        }

        return $"{step.Label}: cannot {step.Action} earthing switch {earthing.Id}";
    }

    private static string? Ground(Simulation run, TicketStep step, string node, Action apply)
    {
        if (run.Bay.LiveFrom(node, run.State) is { } source)
        {
            return $"{step.Label}: grounds {node}, which is live from {source}";
        }

        if (!run.Verified.Contains(node))
        {
            return $"{step.Label}: grounds {node} without a voltage verification on {node} first";
        }

        apply();
        run.ChangedBy["ground:" + node] = step;
        return null;
    }

    private static string? ApplyGroundWire(Simulation run, TicketStep step)
    {
        if (step.Node is null)
        {
            return $"{step.Label}: does not name where the ground wire goes";
        }

        return run.State.GroundWires.Contains(step.Node, StringComparer.OrdinalIgnoreCase)
            ? $"{step.Label}: {step.Node} already carries a ground wire"
            : Ground(run, step, step.Node, () => run.State.GroundWires.Add(step.Node));
    }

    private static string? RemoveGroundWire(Simulation run, TicketStep step)
    {
        if (step.Node is null || !run.State.GroundWires.Remove(step.Node))
        {
            return $"{step.Label}: there is no ground wire on {step.Node ?? "the conductor named"} to remove";
        }

        run.ChangedBy["ground:" + step.Node] = step;
        return null;
    }

    private static string? Move(Simulation run, TicketStep step, EquipmentOptions equipment, string to)
    {
        var from = run.Bay.Position(run.State, equipment);
        if (from == to)
        {
            return $"{step.Label}: {equipment.Kind} {equipment.Id} is already {to}";
        }

        var closing = BayModel.Conducts(equipment, to) && !BayModel.Conducts(equipment, from);
        var switching = closing || (BayModel.Conducts(equipment, from) && !BayModel.Conducts(equipment, to));
        if (switching && equipment.Kind != EquipmentKinds.Breaker && run.Bay.UnderLoad(equipment, run.State))
        {
            var breakers = string.Join(", ", run.Bay.ClosedBreakers(run.State).Select(b => b.Id));
            var why = breakers.Length > 0 ? $"breaker {breakers} closed" : "a closed path carries current";
            return $"{step.Label}: {(closing ? "closes" : "opens")} {equipment.Kind} {equipment.Id} under load ({why}); the breaker must be opened first";
        }

        if (closing && run.Bay.Grounds(run.State) is { Count: > 0 } grounds)
        {
            return $"{step.Label}: closes {equipment.Kind} {equipment.Id} onto a ground (on {string.Join(", ", grounds)})";
        }

        if (closing)
        {
            run.Verified.Clear(); // whatever it connects may be live again
        }

        return Set(run, step, equipment, to);
    }

    private static string? Set(Simulation run, TicketStep step, EquipmentOptions equipment, string to)
    {
        run.State.Positions[equipment.Id] = to;
        run.ChangedBy[equipment.Id] = step;
        return null;
    }

    private sealed class Simulation(BayModel bay, BayState state)
    {
        public BayModel Bay { get; } = bay;

        public BayState State { get; } = state;

        public HashSet<string> Verified { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, TicketStep> ChangedBy { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Problems { get; } = [];
    }
}
