using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>A request to draft a dispatch operation ticket (操作票) (<c>POST /api/power/operation-tickets</c>).</summary>
/// <param name="Task">For example <c>运行转检修</c>.</param>
/// <param name="Steps">A draft written elsewhere, validated as it is instead of asking the reasoning worker.</param>
public sealed record OperationTicketRequest(
    string TicketId,
    string Station,
    string Line,
    string Breaker,
    string Task,
    string? GroundingSwitch = null,
    string? Approver = null,
    IReadOnlyList<string>? Steps = null,
    IReadOnlyDictionary<string, string>? Facts = null);

/// <param name="Status"><see cref="TicketStatuses"/>: <c>manual-review</c> when no template or bay model covers the task.</param>
public sealed record OperationTicketResult(
    string TicketId, bool Valid, string? Title, IReadOnlyList<string> Steps, IReadOnlyList<string> Problems, string Status, string? Template = null, string? Bay = null);

/// <summary>A ticket (collection <c>operation-tickets</c>, key = ticket id).</summary>
public sealed class OperationTicket
{
    public string TicketId { get; set; } = "";

    public string Task { get; set; } = "";

    public string? Title { get; set; }

    public List<string> Steps { get; set; } = [];

    public List<string> Problems { get; set; } = [];

    /// <summary><see cref="TicketStatuses"/>.</summary>
    public string Status { get; set; } = "";

    /// <summary>The template the task matched (none: manual review).</summary>
    public string? Template { get; set; }

    /// <summary>The bay model the steps were simulated on.</summary>
    public string? Bay { get; set; }

    public string? ApprovalInstanceId { get; set; }

    public string? Approver { get; set; }

    public DateTimeOffset DraftedAt { get; set; }
}

/// <summary>
/// Drafts the ticket (<see cref="TicketDrafter"/>), checks it against its template and the bay's interlocks
/// (<see cref="TicketChecker"/>), and sends a valid ticket to OA approval through the outbox; a ticket rejected or
/// routed to manual review is stored with its reasons and never sent.
/// </summary>
public sealed class OperationTickets(PowerWorkOrdersOptions options, TicketDrafter drafter, TicketChecker checker, IPluginStore store, IOutbox outbox, IMessagePublisher publisher)
{
    public const string Tickets = "operation-tickets";

    public async Task<OperationTicketResult> DraftAsync(OperationTicketRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.GetAsync<OperationTicket>(Tickets, request.TicketId, cancellationToken) is { } existing)
        {
            return Result(existing.Value);
        }

        var draft = await drafter.DraftAsync(request, cancellationToken);
        if (draft.Error is not null)
        {
            return new OperationTicketResult(request.TicketId, false, null, [], [draft.Error], TicketStatuses.DraftFailed);
        }

        var check = await checker.CheckAsync(request, draft.Steps, store, cancellationToken);
        var ticket = new OperationTicket
        {
            TicketId = request.TicketId,
            Task = request.Task,
            Title = draft.Title ?? drafter.CleanText($"{request.Station}{request.Line}{request.Breaker} {request.Task}"),
            Steps = draft.Steps.ToList(),
            Problems = check.Problems.ToList(),
            Status = check.Status,
            Template = check.Template,
            Bay = check.Bay,
            Approver = request.Approver,
            DraftedAt = now,
        };
        await store.PutAsync(Tickets, ticket.TicketId, ticket, 0, cancellationToken);
        if (check.Valid)
        {
            await outbox.EnqueueAsync(Approval(ticket), cancellationToken);
        }

        await publisher.PublishAsync(new OperationTicketValidated(ticket.TicketId, check.Valid, ticket.Steps, ticket.Problems, now), cancellationToken);
        return Result(ticket);
    }

    private static OperationTicketResult Result(OperationTicket t) =>
        new(t.TicketId, t.Status is not (TicketStatuses.RejectedByRules or TicketStatuses.ManualReview), t.Title, t.Steps, t.Problems, t.Status, t.Template, t.Bay);

    private OutboxDelivery Approval(OperationTicket ticket) => new(
        options.OaConnector,
        "approval.start",
        new JsonObject
        {
            ["referenceId"] = ticket.TicketId,
            ["kind"] = "operation-ticket",
            ["title"] = ticket.Title,
            ["task"] = ticket.Task,
            ["template"] = ticket.Template,
            ["bay"] = ticket.Bay,
            ["steps"] = new JsonArray(ticket.Steps.Select((s, i) => (JsonNode)new JsonObject { ["no"] = i + 1, ["text"] = s }).ToArray()),
            ["approver"] = ticket.Approver,
        },
        $"ticket:{ticket.TicketId}:approval",
        $"ticket:{ticket.TicketId}");
}
