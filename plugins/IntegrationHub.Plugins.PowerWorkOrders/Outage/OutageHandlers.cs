using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.Outage;

/// <summary>
/// Outage notices: a published plan → affected customers from the customer database → call-task batches, each
/// handed to the voice platform by a timer at its slot (inside the calling window, under the rate limit) as an
/// outbox delivery with <c>NotBefore</c> → results per number → fallback notice for those not reached → summary.
/// Cancelling the plan cancels the batch timers not yet fired and the call tasks already handed over.
/// </summary>
public sealed class OutageHandlers(PowerWorkOrdersOptions options, IPluginScheduler scheduler, IDataSources dataSources, ILogger<OutageHandlers> logger) :
    IHandle<OutagePlanPublished>,
    IHandle<OutagePlanCancelled>,
    IHandle<OutageCallBatchDue>,
    IHandle<VoiceCallResultReceived>,
    IHandle<OutageNoticeFinalizeDue>
{
    public const string Plans = "outage-plans";
    public const string Tasks = "call-tasks";
    public const string CreateOperation = "call-task.create";

    private OutageOptions Settings => options.Outage;

    public async Task HandleAsync(OutagePlanPublished message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<OutagePlan>(Plans, message.PlanId, cancellationToken) is not null)
        {
            return; // already handled, or cancelled before it arrived
        }

        var rows = await dataSources.QueryAsync(
            Settings.DataSource,
            Settings.CustomerQuery,
            new Dictionary<string, object?> { ["area"] = message.Area, ["feeder"] = message.Feeder },
            Settings.MaxCustomers,
            cancellationToken);
        var id = Column(rows.Columns, "customer_id");
        var name = Column(rows.Columns, "name");
        var phone = Column(rows.Columns, "phone");

        var plan = new OutagePlan
        {
            PlanId = message.PlanId,
            Feeder = message.Feeder,
            Area = message.Area,
            StartsAt = message.StartsAt,
            EndsAt = message.EndsAt,
            Reason = message.Reason,
        };
        var customers = rows.Rows
            .Select(r => (Id: Convert.ToString(r[id])!, Name: Convert.ToString(r[name]) ?? "", Phone: Convert.ToString(r[phone]) ?? ""))
            .Where(c => c.Phone.Length > 0)
            .DistinctBy(c => c.Id)
            .ToList();
        var slots = CallingSchedule.Slots(message.PublishedAt, customers.Count, Settings);
        for (var b = 0; b < slots.Count; b++)
        {
            var members = customers.Skip(b * Settings.BatchSize).Take(Settings.BatchSize).ToList();
            plan.Batches.Add(new CallBatch { Index = b, DueAt = slots[b], TaskId = $"{message.PlanId}-b{b}", CustomerIds = members.Select(m => m.Id).ToList() });
            foreach (var member in members)
            {
                plan.Customers[member.Id] = new CustomerNotice { Name = member.Name, Phone = member.Phone, Batch = b };
            }
        }

        // A batch that could only start after the power is off is pointless: its customers get the fallback notice now.
        foreach (var late in plan.Batches.Where(b => b.DueAt >= message.StartsAt))
        {
            late.State = "cancelled";
            foreach (var customerId in late.CustomerIds)
            {
                await NotReachedAsync(plan, customerId, context, cancellationToken);
            }
        }

        var version = await context.Store.PutAsync(Plans, plan.PlanId, plan, 0, cancellationToken);
        foreach (var batch in plan.Batches.Where(b => b.State == "scheduled"))
        {
            await context.Store.PutAsync(Tasks, batch.TaskId, new CallTaskIndex(plan.PlanId, batch.Index), cancellationToken: cancellationToken);
            await scheduler.ScheduleAsync(BatchTimer(plan.PlanId, batch.Index), batch.DueAt, new OutageCallBatchDue(plan.PlanId, batch.Index, batch.DueAt), cancellationToken);
        }

        var last = plan.Batches.Count == 0 ? message.PublishedAt : plan.Batches.Max(b => b.DueAt);
        var finalizeAt = last + Settings.ResultsWithin;
        await scheduler.ScheduleAsync(FinalizeTimer(plan.PlanId), finalizeAt, new OutageNoticeFinalizeDue(plan.PlanId, finalizeAt), cancellationToken);
        logger.LogInformation("Outage plan {PlanId}: {Customers} customers in {Batches} call batches from {First} to {Last}", plan.PlanId, customers.Count, plan.Batches.Count, slots.FirstOrDefault(), last);
        await CompleteIfDoneAsync(plan, context, message.PublishedAt, cancellationToken, version);
    }

    public async Task HandleAsync(OutageCallBatchDue message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<OutagePlan>(Plans, message.PlanId, cancellationToken) is not { } found)
            {
                return;
            }

            var plan = found.Value;
            var batch = plan.Batches.FirstOrDefault(b => b.Index == message.Batch);
            if (plan.State != PlanStates.Notifying || batch is null || batch.State != "scheduled")
            {
                return;
            }

            var numbers = new JsonArray(batch.CustomerIds.Select(id => (JsonNode)new JsonObject
            {
                ["phone"] = plan.Customers[id].Phone,
                ["customerId"] = id,
                ["variables"] = new JsonObject { ["name"] = plan.Customers[id].Name },
            }).ToArray());
            var payload = new JsonObject
            {
                ["taskId"] = batch.TaskId,
                ["scriptId"] = Settings.ScriptId,
                ["numbers"] = numbers,
                ["variables"] = new JsonObject
                {
                    ["planId"] = plan.PlanId,
                    ["feeder"] = plan.Feeder,
                    ["area"] = plan.Area,
                    ["reason"] = plan.Reason,
                    ["startsAt"] = Local(plan.StartsAt),
                    ["endsAt"] = Local(plan.EndsAt),
                },
                ["callingWindow"] = new JsonObject
                {
                    ["start"] = Settings.WindowStart.ToString(@"hh\:mm"),
                    ["end"] = Settings.WindowEnd.ToString(@"hh\:mm"),
                    ["utcOffset"] = Settings.UtcOffset.ToString(@"hh\:mm"),
                },
                ["doNotDisturb"] = new JsonArray(Settings.DoNotDisturb.Select(d => (JsonNode)d).ToArray()),
                ["maxAttempts"] = Settings.MaxAttempts,
                ["retryIntervalMinutes"] = Settings.RetryIntervalMinutes,
                ["concurrency"] = Settings.Concurrency,
            };
            await context.Outbox.EnqueueAsync(new OutboxDelivery(options.VoiceConnector, CreateOperation, payload, $"outage:{batch.TaskId}", $"outage:{batch.TaskId}", batch.DueAt), cancellationToken);
            batch.State = "sent";
            await context.Store.PutAsync(Plans, plan.PlanId, plan, found.Version, cancellationToken);
        }, cancellationToken);
    }

    public async Task HandleAsync(VoiceCallResultReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<CallTaskIndex>(Tasks, message.TaskId, cancellationToken) is not { } task
                || await context.Store.GetAsync<OutagePlan>(Plans, task.Value.PlanId, cancellationToken) is not { } found)
            {
                return; // not an outage notice call
            }

            var plan = found.Value;
            var batch = plan.Batches.First(b => b.Index == task.Value.Batch);
            var customerId = batch.CustomerIds.FirstOrDefault(id => plan.Customers[id].Phone == message.PhoneNumber);
            if (customerId is null || plan.Customers[customerId].Result != CallResults.Pending || plan.State != PlanStates.Notifying)
            {
                return;
            }

            var notice = plan.Customers[customerId];
            if (message.DialStatus == "answered")
            {
                notice.Intent = message.Intent;
                notice.Result = message.Intent is not null && Settings.ObjectionIntentsOrDefault.Contains(message.Intent, StringComparer.OrdinalIgnoreCase)
                    ? CallResults.Objection
                    : CallResults.Reached;
            }
            else if (message.Final || message.Attempt >= Settings.MaxAttempts)
            {
                await NotReachedAsync(plan, customerId, context, cancellationToken);
            }
            else
            {
                return; // the platform tries again
            }

            var version = await context.Store.PutAsync(Plans, plan.PlanId, plan, found.Version, cancellationToken);
            await CompleteIfDoneAsync(plan, context, message.EndedAt, cancellationToken, version);
        }, cancellationToken);
    }

    public async Task HandleAsync(OutagePlanCancelled message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await context.Store.GetAsync<OutagePlan>(Plans, message.PlanId, cancellationToken);
            if (found is null)
            {
                await context.Store.PutAsync(Plans, message.PlanId, new OutagePlan { PlanId = message.PlanId, State = PlanStates.Cancelled, Reason = message.Reason }, 0, cancellationToken);
                return;
            }

            var plan = found.Value;
            if (plan.State != PlanStates.Notifying)
            {
                return;
            }

            plan.State = PlanStates.Cancelled;
            foreach (var batch in plan.Batches)
            {
                if (batch.State == "scheduled")
                {
                    await scheduler.CancelAsync(BatchTimer(plan.PlanId, batch.Index), cancellationToken);
                }
                else if (batch.State == "sent")
                {
                    // Not before the create's own NotBefore, so the platform sees the task before its cancellation.
                    var notBefore = batch.DueAt > message.CancelledAt ? batch.DueAt.AddSeconds(1) : (DateTimeOffset?)null;
                    await context.Outbox.EnqueueAsync(new OutboxDelivery(options.VoiceConnector, "call-task.cancel", new JsonObject { ["taskId"] = batch.TaskId, ["reason"] = message.Reason },
                        $"outage:{batch.TaskId}:cancel", $"outage:{batch.TaskId}", notBefore), cancellationToken);
                }

                batch.State = "cancelled";
            }

            foreach (var notice in plan.Customers.Values.Where(c => c.Result == CallResults.Pending))
            {
                notice.Result = CallResults.Cancelled;
            }

            await scheduler.CancelAsync(FinalizeTimer(plan.PlanId), cancellationToken);
            var summary = TakeSummary(plan, message.CancelledAt);
            await context.Store.PutAsync(Plans, plan.PlanId, plan, found.Version, cancellationToken);
            await PublishAsync(summary, context, cancellationToken);
        }, cancellationToken);
    }

    public async Task HandleAsync(OutageNoticeFinalizeDue message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<OutagePlan>(Plans, message.PlanId, cancellationToken) is not { } found || found.Value.State != PlanStates.Notifying)
            {
                return;
            }

            var plan = found.Value;
            foreach (var (customerId, _) in plan.Customers.Where(c => c.Value.Result == CallResults.Pending).ToList())
            {
                await NotReachedAsync(plan, customerId, context, cancellationToken);
            }

            plan.State = PlanStates.Completed;
            var summary = TakeSummary(plan, message.DueAt);
            await context.Store.PutAsync(Plans, plan.PlanId, plan, found.Version, cancellationToken);
            await PublishAsync(summary, context, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The voice platform refused a call task for good: its customers are not reached and get the fallback.</summary>
    internal async Task TaskFailedAsync(string taskId, DateTimeOffset at, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<CallTaskIndex>(Tasks, taskId, cancellationToken) is not { } task
                || await context.Store.GetAsync<OutagePlan>(Plans, task.Value.PlanId, cancellationToken) is not { } found
                || found.Value.State != PlanStates.Notifying)
            {
                return;
            }

            var plan = found.Value;
            foreach (var customerId in plan.Batches.First(b => b.Index == task.Value.Batch).CustomerIds.Where(id => plan.Customers[id].Result == CallResults.Pending))
            {
                await NotReachedAsync(plan, customerId, context, cancellationToken);
            }

            var version = await context.Store.PutAsync(Plans, plan.PlanId, plan, found.Version, cancellationToken);
            await CompleteIfDoneAsync(plan, context, at, cancellationToken, version);
        }, cancellationToken);
    }

    public static string BatchTimer(string planId, int batch) => $"outage:{planId}:b{batch}";

    public static string FinalizeTimer(string planId) => $"outage:{planId}:finalize";

    private async Task NotReachedAsync(OutagePlan plan, string customerId, MessageContext context, CancellationToken cancellationToken)
    {
        var notice = plan.Customers[customerId];
        notice.Result = CallResults.NotReached;
        if (notice.FallbackSent)
        {
            return;
        }

        var text = Settings.FallbackText
            .Replace("{name}", notice.Name, StringComparison.Ordinal)
            .Replace("{reason}", plan.Reason, StringComparison.Ordinal)
            .Replace("{feeder}", plan.Feeder, StringComparison.Ordinal)
            .Replace("{start}", Local(plan.StartsAt), StringComparison.Ordinal)
            .Replace("{end}", Local(plan.EndsAt), StringComparison.Ordinal);
        await context.Outbox.EnqueueAsync(new OutboxDelivery(
            options.FallbackConnector,
            "message.send",
            new JsonObject { ["phone"] = notice.Phone, ["customerId"] = customerId, ["text"] = text, ["planId"] = plan.PlanId },
            $"outage:{plan.PlanId}:fallback:{customerId}",
            $"outage:{plan.PlanId}"), cancellationToken);
        notice.FallbackSent = true;
    }

    private async Task CompleteIfDoneAsync(OutagePlan plan, MessageContext context, DateTimeOffset at, CancellationToken cancellationToken, long version)
    {
        if (plan.State != PlanStates.Notifying || plan.Customers.Values.Any(c => c.Result == CallResults.Pending))
        {
            return;
        }

        plan.State = PlanStates.Completed;
        await scheduler.CancelAsync(FinalizeTimer(plan.PlanId), cancellationToken);
        var summary = TakeSummary(plan, at);
        await context.Store.PutAsync(Plans, plan.PlanId, plan, version, cancellationToken);
        await PublishAsync(summary, context, cancellationToken);
    }

    private static Task PublishAsync(OutageNoticeSummary? summary, MessageContext context, CancellationToken cancellationToken) =>
        summary is null ? Task.CompletedTask : context.Publisher.PublishAsync(summary, cancellationToken);

    /// <summary>The summary, once per plan (the flag is stored with the plan before the summary is published).</summary>
    private static OutageNoticeSummary? TakeSummary(OutagePlan plan, DateTimeOffset at)
    {
        if (plan.SummaryPublished)
        {
            return null;
        }

        plan.SummaryPublished = true;
        var customers = plan.Customers.Values.ToList();
        return new OutageNoticeSummary(
            plan.PlanId,
            customers.Count,
            customers.Count(c => c.Result is CallResults.Reached or CallResults.Objection),
            customers.Count(c => c.Result == CallResults.NotReached),
            customers.Count(c => c.Result == CallResults.Objection),
            customers.Count(c => c.FallbackSent),
            customers.Count(c => c.Result == CallResults.Cancelled),
            plan.State == PlanStates.Cancelled,
            at,
            plan.Customers.Where(c => c.Value.Result == CallResults.Objection).Select(c => c.Key).Order(StringComparer.Ordinal).ToList());
    }

    private string Local(DateTimeOffset at) => at.ToOffset(Settings.UtcOffset).ToString("yyyy-MM-dd HH:mm");

    private static int Column(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The customer query must return a column '{name}' (it returned {string.Join(", ", columns)}).");
    }
}
