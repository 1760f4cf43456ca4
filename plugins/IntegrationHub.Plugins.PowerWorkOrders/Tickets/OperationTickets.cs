using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Extensions.Logging;

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

public sealed record OperationTicketResult(string TicketId, bool Valid, string? Title, IReadOnlyList<string> Steps, IReadOnlyList<string> Problems, string Status);

/// <summary>A ticket (collection <c>operation-tickets</c>, key = ticket id).</summary>
public sealed class OperationTicket
{
    public string TicketId { get; set; } = "";

    public string Task { get; set; } = "";

    public string? Title { get; set; }

    public List<string> Steps { get; set; } = [];

    public List<string> Problems { get; set; } = [];

    /// <summary><c>rejected-by-rules</c>, <c>pending-approval</c>, <c>approval-started</c>, <c>approved</c>, <c>rejected</c>.</summary>
    public string Status { get; set; } = "";

    public string? ApprovalInstanceId { get; set; }

    public string? Approver { get; set; }

    public DateTimeOffset DraftedAt { get; set; }
}

/// <summary>
/// Drafts the ticket with the reasoning worker (<c>DraftRequest</c>, kind <c>operation-ticket</c>), validates the steps
/// against the safety rules, and sends a valid ticket to OA approval through the outbox; an invalid draft is never sent.
/// </summary>
public sealed class OperationTickets(PowerWorkOrdersOptions options, TicketValidator validator, IWorkerClient worker, IPluginStore store, IOutbox outbox, IMessagePublisher publisher)
{
    public const string Tickets = "operation-tickets";

    public async Task<OperationTicketResult> DraftAsync(OperationTicketRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.GetAsync<OperationTicket>(Tickets, request.TicketId, cancellationToken) is { } existing)
        {
            var t = existing.Value;
            return new OperationTicketResult(t.TicketId, t.Problems.Count == 0, t.Title, t.Steps, t.Problems, t.Status);
        }

        string? title = null;
        IReadOnlyList<string> steps;
        if (request.Steps is { Count: > 0 })
        {
            steps = request.Steps;
        }
        else
        {
            var facts = new Dictionary<string, string>(request.Facts ?? new Dictionary<string, string>())
            {
                ["station"] = request.Station,
                ["line"] = request.Line,
                ["breaker"] = request.Breaker,
                ["task"] = request.Task,
            };
            if (request.GroundingSwitch is not null)
            {
                facts["grounding_switch"] = request.GroundingSwitch;
            }

            var reply = await worker.RequestAsync<DraftRequest, DraftReply>(new DraftRequest("operation-ticket", facts), TimeSpan.FromSeconds(30), cancellationToken);
            if (reply.Error is not null)
            {
                return new OperationTicketResult(request.TicketId, false, null, [], [$"drafting failed: {reply.Error.Code}: {reply.Error.Message}"], "draft-failed");
            }

            title = reply.Title;
            steps = reply.Steps ?? [];
        }

        var problems = validator.Validate(request.Task, steps);
        var ticket = new OperationTicket
        {
            TicketId = request.TicketId,
            Task = request.Task,
            Title = title ?? $"{request.Station}{request.Line}{request.Breaker} {request.Task}",
            Steps = steps.ToList(),
            Problems = problems.ToList(),
            Status = problems.Count == 0 ? "pending-approval" : "rejected-by-rules",
            Approver = request.Approver,
            DraftedAt = now,
        };
        await store.PutAsync(Tickets, ticket.TicketId, ticket, 0, cancellationToken);
        if (problems.Count == 0)
        {
            await outbox.EnqueueAsync(new OutboxDelivery(
                options.OaConnector,
                "approval.start",
                new JsonObject
                {
                    ["referenceId"] = ticket.TicketId,
                    ["kind"] = "operation-ticket",
                    ["title"] = ticket.Title,
                    ["task"] = ticket.Task,
                    ["steps"] = new JsonArray(ticket.Steps.Select((s, i) => (JsonNode)new JsonObject { ["no"] = i + 1, ["text"] = s }).ToArray()),
                    ["approver"] = request.Approver,
                },
                $"ticket:{ticket.TicketId}:approval",
                $"ticket:{ticket.TicketId}"), cancellationToken);
        }

        await publisher.PublishAsync(new OperationTicketValidated(ticket.TicketId, problems.Count == 0, ticket.Steps, ticket.Problems, now), cancellationToken);
        return new OperationTicketResult(ticket.TicketId, problems.Count == 0, ticket.Title, ticket.Steps, ticket.Problems, ticket.Status);
    }
}

/// <summary>The OA's decision on a ticket, and the instance id its approval got.</summary>
/// <summary>
/// An OA decision on a ticket. It counts only for the approval instance the hub opened for that ticket (the id the OA
/// answered <c>approval.start</c> with): a decision naming another instance, or arriving for a ticket the hub never
/// sent, is refused and logged.
/// </summary>
public sealed class TicketApprovalHandler(ILogger<TicketApprovalHandler> logger) : IHandle<ApprovalDecisionReceived>
{
    public async Task HandleAsync(ApprovalDecisionReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, message.ReferenceId, cancellationToken) is not { } found)
        {
            return;
        }

        var ticket = found.Value;
        if (ticket.Status is "approved" or "rejected" or "rejected-by-rules")
        {
            return;
        }

        if (!string.Equals(ticket.ApprovalInstanceId, message.InstanceId, StringComparison.Ordinal))
        {
            logger.LogWarning("Decision for ticket {Ticket} refused: it names OA instance {Instance}, the hub opened {Opened}",
                ticket.TicketId, message.InstanceId, ticket.ApprovalInstanceId ?? "none");
            return;
        }

        ticket.Status = message.Decision == "approved" ? "approved" : "rejected";
        ticket.Approver = message.Approver ?? ticket.Approver;
        await context.Store.PutAsync(OperationTickets.Tickets, ticket.TicketId, ticket, found.Version, cancellationToken);
    }

    internal static async Task ApprovalStartedAsync(string ticketId, string? instanceId, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, ticketId, cancellationToken) is not { } found || found.Value.Status != "pending-approval")
        {
            return;
        }

        found.Value.Status = "approval-started";
        found.Value.ApprovalInstanceId = instanceId;
        await context.Store.PutAsync(OperationTickets.Tickets, ticketId, found.Value, found.Version, cancellationToken);
    }
}
