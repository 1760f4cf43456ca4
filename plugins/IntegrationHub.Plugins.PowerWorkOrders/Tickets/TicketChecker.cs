using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>A ticket's verdict: the ticket status it leads to, the template and bay it was checked against, and why it is not valid.</summary>
/// <param name="Status"><c>pending-approval</c> (valid), <c>rejected-by-rules</c>, or <c>manual-review</c> (no template or no bay model: a person must judge it).</param>
public sealed record TicketCheck(string Status, string? Template, string? Bay, IReadOnlyList<string> Problems)
{
    public bool Valid => Status == TicketStatuses.PendingApproval;
}

public static class TicketStatuses
{
    public const string PendingApproval = "pending-approval";
    public const string RejectedByRules = "rejected-by-rules";
    public const string ManualReview = "manual-review";
    public const string DraftFailed = "draft-failed";
    public const string ApprovalStarted = "approval-started";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>
/// Checks a ticket: finds its template and bay, simulates its steps from the bay's current state
/// (<see cref="InterlockSimulator"/>) and compares the end with the template. A task no template knows, or a bay no
/// model describes, is never valid: it goes to manual review, with whatever the simulation found.
/// </summary>
public sealed class TicketChecker(TicketOptions options, BayCatalog bays, TicketTemplateCatalog templates, InterlockSimulator simulator)
{
    public async Task<TicketCheck> CheckAsync(OperationTicketRequest request, IReadOnlyList<string> steps, IPluginStore store, CancellationToken cancellationToken)
    {
        if (steps.Count == 0)
        {
            return new TicketCheck(TicketStatuses.RejectedByRules, null, null, ["the draft has no steps"]);
        }

        var template = templates.Match(request.Task);
        var bay = bays.Find(request.Station, request.Line, request.Breaker);
        var problems = new List<string>();
        if (template is null)
        {
            problems.Add($"no ticket template matches the task '{request.Task}': routed to manual review, never to approval");
        }

        if (bay is null)
        {
            problems.Add($"no bay model for station '{request.Station}', line '{request.Line}', breaker '{request.Breaker}': routed to manual review, never to approval");
            return new TicketCheck(TicketStatuses.ManualReview, template?.Name, null, problems);
        }

        var reader = new StepReader(options, bay, bays.InStation(bay.Station));
        var simulation = simulator.Run(bay, await bays.CurrentStateAsync(bay, store, cancellationToken), reader.Read(steps));
        problems.AddRange(simulation.Problems);
        if (template is null)
        {
            return new TicketCheck(TicketStatuses.ManualReview, null, bay.Id, problems);
        }

        problems.AddRange(templates.Unmet(template, bay, simulation));
        return new TicketCheck(problems.Count == 0 ? TicketStatuses.PendingApproval : TicketStatuses.RejectedByRules, template.Name, bay.Id, problems);
    }
}
