using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>
/// Runs outbound-call campaigns of every kind: customers (less the do-not-call list) → call-task batches, each handed
/// to the voice platform by a timer at its slot (inside the calling window, under the rate limit) as an outbox delivery
/// with <c>NotBefore</c> → results and retries (<see cref="CampaignCallResults"/>) → fallback messages → results to the
/// recipients. Cancelling cancels the timers not yet fired and the call tasks already handed over.
/// </summary>
public sealed class CampaignEngine(PowerWorkOrdersOptions options, IPluginScheduler scheduler, CampaignMessages messages, ILogger<CampaignEngine> logger)
{
    public const string Campaigns = "campaigns";
    public const string Tasks = "campaign-tasks";
    public const string CreateOperation = "call-task.create";
    public const string CancelOperation = "call-task.cancel";

    public CallingSettings SettingsFor(string kind) =>
        kind == CampaignKinds.OutageNotice ? options.Outage
        : options.Campaigns.Kinds.TryGetValue(kind, out var settings) ? settings
        : throw new KeyNotFoundException($"No campaign kind '{kind}' (configured: {string.Join(", ", options.Campaigns.Kinds.Keys.Append(CampaignKinds.OutageNotice))}).");

    /// <summary>Plans the calls and arms the timers; false when the campaign exists already (redelivered, or cancelled before it arrived).</summary>
    public async Task<bool> StartAsync(CampaignStart start, IReadOnlyList<TargetCustomer> customers, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<Campaign>(Campaigns, start.CampaignId, cancellationToken) is not null)
        {
            return false;
        }

        var settings = SettingsFor(start.Kind);
        var campaign = new Campaign
        {
            CampaignId = start.CampaignId, Kind = start.Kind, ScriptId = settings.ScriptId ?? start.Kind, Target = start.Target, RequestedBy = start.RequestedBy,
            Variables = new(start.Variables), CreatedAt = start.At, CallBefore = start.CallBefore,
        };
        var barred = await DoNotCallAsync(customers, context.Store, cancellationToken);
        var callable = customers.Where(c => !barred.Contains(c.Id)).ToList();
        foreach (var customer in customers.Where(c => barred.Contains(c.Id)))
        {
            campaign.Contacts[customer.Id] = new CampaignContact { Name = customer.Name, Phone = customer.Phone, Batch = -1, Result = ContactResults.DoNotCall };
            if (settings.FallbackForDoNotCall)
            {
                await messages.FallbackAsync(campaign, customer.Id, settings, context, cancellationToken);
            }
        }

        var slots = CallingSchedule.Slots(start.At, callable.Count, settings);
        for (var b = 0; b < slots.Count; b++)
        {
            var members = callable.Skip(b * settings.BatchSize).Take(settings.BatchSize).ToList();
            campaign.Batches.Add(new CallBatch { Index = b, DueAt = slots[b], TaskId = $"{campaign.CampaignId}-b{b}", CustomerIds = members.Select(m => m.Id).ToList() });
            foreach (var member in members)
            {
                campaign.Contacts[member.Id] = new CampaignContact { Name = member.Name, Phone = member.Phone, Batch = b, Attempts = 1 };
            }
        }

        foreach (var late in campaign.Batches.Where(b => b.DueAt >= campaign.CallBefore))
        {
            late.State = BatchStates.Cancelled;
            foreach (var customerId in late.CustomerIds)
            {
                await NotReachedAsync(campaign, customerId, settings, context, cancellationToken);
            }
        }

        var last = campaign.Batches.Count == 0 ? start.At : campaign.Batches.Max(b => b.DueAt);
        campaign.FinalizeAt = last + settings.ResultsWithin;
        var version = await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, 0, cancellationToken);
        foreach (var batch in campaign.Batches.Where(b => b.State == BatchStates.Scheduled))
        {
            await ArmBatchAsync(campaign, batch, context, cancellationToken);
        }

        await scheduler.ScheduleAsync(FinalizeTimer(campaign.CampaignId), campaign.FinalizeAt.Value, new CampaignFinalizeDue(campaign.CampaignId, campaign.FinalizeAt.Value), cancellationToken);
        logger.LogInformation("Campaign {CampaignId} ({Kind}): {Customers} customers ({Barred} on the do-not-call list) in {Batches} call batches from {First} to {Last}",
            campaign.CampaignId, campaign.Kind, customers.Count, barred.Count, campaign.Batches.Count, slots.FirstOrDefault(), last);
        await CompleteIfDoneAsync(campaign, context, start.At, version, cancellationToken);
        return true;
    }

    /// <summary>Stores a failed campaign (so a redelivery does not start it) and says why on the bus.</summary>
    public async Task FailAsync(CampaignStart start, string reason, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<Campaign>(Campaigns, start.CampaignId, cancellationToken) is not null)
        {
            return;
        }

        var campaign = new Campaign
        {
            CampaignId = start.CampaignId, Kind = start.Kind, Target = start.Target, RequestedBy = start.RequestedBy, Variables = new(start.Variables),
            CreatedAt = start.At, CompletedAt = start.At, State = CampaignStates.Failed, FailureReason = reason,
        };
        await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, 0, cancellationToken);
        logger.LogWarning("Campaign {CampaignId} ({Kind}) failed: {Reason}", start.CampaignId, start.Kind, reason);
        await context.Publisher.PublishAsync(new CampaignFailed(start.CampaignId, start.Kind, reason, start.At), cancellationToken);
    }

    public async Task BatchDueAsync(string campaignId, int index, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<Campaign>(Campaigns, campaignId, cancellationToken) is not { } found)
            {
                return;
            }

            var campaign = found.Value;
            var batch = campaign.Batches.FirstOrDefault(b => b.Index == index);
            if (campaign.State != CampaignStates.Calling || batch is null || batch.State != BatchStates.Scheduled)
            {
                return;
            }

            var settings = SettingsFor(campaign.Kind);
            await context.Outbox.EnqueueAsync(new OutboxDelivery(options.VoiceConnector, CreateOperation, campaign.ToCallTask(batch, settings),
                $"campaign:{batch.TaskId}", $"campaign:{batch.TaskId}", batch.DueAt), cancellationToken);
            batch.State = BatchStates.Sent;
            await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, found.Version, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Withdraws the campaign; <paramref name="withdrawalText"/> (when given) goes to everyone already told.</summary>
    public async Task CancelAsync(string campaignId, string kind, string reason, DateTimeOffset at, string? withdrawalText, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await context.Store.GetAsync<Campaign>(Campaigns, campaignId, cancellationToken);
            if (found is null)
            {
                var stub = new Campaign { CampaignId = campaignId, Kind = kind, State = CampaignStates.Cancelled, FailureReason = reason, CreatedAt = at, CompletedAt = at };
                await context.Store.PutAsync(Campaigns, campaignId, stub, 0, cancellationToken);
                return;
            }

            var campaign = found.Value;
            if (campaign.State != CampaignStates.Calling)
            {
                return;
            }

            campaign.State = CampaignStates.Cancelled;
            campaign.FailureReason = reason;
            foreach (var batch in campaign.Batches)
            {
                if (batch.State == BatchStates.Scheduled)
                {
                    await scheduler.CancelAsync(BatchTimer(campaign.CampaignId, batch.Index), cancellationToken);
                }
                else if (batch.State == BatchStates.Sent)
                {
                    // Not before the create's own NotBefore, so the platform sees the task before its cancellation.
                    var notBefore = batch.DueAt > at ? batch.DueAt.AddSeconds(1) : (DateTimeOffset?)null;
                    await context.Outbox.EnqueueAsync(new OutboxDelivery(options.VoiceConnector, CancelOperation, new JsonObject { ["taskId"] = batch.TaskId, ["reason"] = reason },
                        $"campaign:{batch.TaskId}:cancel", $"campaign:{batch.TaskId}", notBefore), cancellationToken);
                }

                batch.State = BatchStates.Cancelled;
            }

            foreach (var contact in campaign.Contacts.Values.Where(c => c.Result == ContactResults.Pending))
            {
                contact.Result = ContactResults.Cancelled;
            }

            await messages.WithdrawAsync(campaign, withdrawalText, context, cancellationToken);
            await scheduler.CancelAsync(FinalizeTimer(campaign.CampaignId), cancellationToken);
            var results = messages.TakeResults(campaign, at);
            await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, found.Version, cancellationToken);
            await messages.PublishAsync(results, SettingsFor(campaign.Kind), context, cancellationToken);
        }, cancellationToken);
    }

    public async Task FinalizeAsync(string campaignId, DateTimeOffset at, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<Campaign>(Campaigns, campaignId, cancellationToken) is not { } found || found.Value.State != CampaignStates.Calling)
            {
                return;
            }

            var campaign = found.Value;
            var settings = SettingsFor(campaign.Kind);
            foreach (var (customerId, _) in campaign.Contacts.Where(c => c.Value.Result == ContactResults.Pending).ToList())
            {
                await NotReachedAsync(campaign, customerId, settings, context, cancellationToken);
            }

            foreach (var batch in campaign.Batches.Where(b => b.State == BatchStates.Scheduled))
            {
                batch.State = BatchStates.Cancelled;
                await scheduler.CancelAsync(BatchTimer(campaign.CampaignId, batch.Index), cancellationToken);
            }

            campaign.State = CampaignStates.Completed;
            var results = messages.TakeResults(campaign, at);
            await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, found.Version, cancellationToken);
            await messages.PublishAsync(results, settings, context, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The voice platform refused a call task for good: its customers are not reached and get the fallback.</summary>
    public async Task TaskFailedAsync(string taskId, DateTimeOffset at, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<CampaignTaskIndex>(Tasks, taskId, cancellationToken) is not { } task
                || await context.Store.GetAsync<Campaign>(Campaigns, task.Value.CampaignId, cancellationToken) is not { } found
                || found.Value.State != CampaignStates.Calling)
            {
                return;
            }

            var campaign = found.Value;
            var settings = SettingsFor(campaign.Kind);
            foreach (var customerId in campaign.Batches.First(b => b.Index == task.Value.Batch).CustomerIds
                .Where(id => campaign.Contacts[id].Result == ContactResults.Pending && campaign.Contacts[id].Batch == task.Value.Batch))
            {
                await NotReachedAsync(campaign, customerId, settings, context, cancellationToken);
            }

            var version = await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, found.Version, cancellationToken);
            await CompleteIfDoneAsync(campaign, context, at, version, cancellationToken);
        }, cancellationToken);
    }

    public async Task ArmBatchAsync(Campaign campaign, CallBatch batch, MessageContext context, CancellationToken cancellationToken)
    {
        await context.Store.PutAsync(Tasks, batch.TaskId, new CampaignTaskIndex(campaign.CampaignId, batch.Index), cancellationToken: cancellationToken);
        await scheduler.ScheduleAsync(BatchTimer(campaign.CampaignId, batch.Index), batch.DueAt, new CampaignCallBatchDue(campaign.CampaignId, batch.Index, batch.DueAt), cancellationToken);
    }

    public async Task NotReachedAsync(Campaign campaign, string customerId, CallingSettings settings, MessageContext context, CancellationToken cancellationToken)
    {
        campaign.Contacts[customerId].Result = ContactResults.NotReached;
        await messages.FallbackAsync(campaign, customerId, settings, context, cancellationToken);
    }

    /// <summary>Completes the campaign once nobody is pending; <paramref name="version"/> is the stored version of <paramref name="campaign"/>.</summary>
    public async Task CompleteIfDoneAsync(Campaign campaign, MessageContext context, DateTimeOffset at, long version, CancellationToken cancellationToken)
    {
        if (campaign.State != CampaignStates.Calling || campaign.Contacts.Values.Any(c => c.Result == ContactResults.Pending))
        {
            return;
        }

        campaign.State = CampaignStates.Completed;
        await scheduler.CancelAsync(FinalizeTimer(campaign.CampaignId), cancellationToken);
        var results = messages.TakeResults(campaign, at);
        await context.Store.PutAsync(Campaigns, campaign.CampaignId, campaign, version, cancellationToken);
        await messages.PublishAsync(results, SettingsFor(campaign.Kind), context, cancellationToken);
    }

    public static string BatchTimer(string campaignId, int batch) => $"campaign:{campaignId}:b{batch}";

    public static string FinalizeTimer(string campaignId) => $"campaign:{campaignId}:finalize";

    private async Task<HashSet<string>> DoNotCallAsync(IReadOnlyList<TargetCustomer> customers, IPluginStore store, CancellationToken cancellationToken)
    {
        var configured = options.Campaigns.DoNotCall.ToHashSet(StringComparer.Ordinal);
        var barred = new HashSet<string>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            if (configured.Contains(customer.Id) || configured.Contains(customer.Phone)
                || await DoNotCallList.ContainsAsync(store, customer.Phone, cancellationToken, customer.Id))
            {
                barred.Add(customer.Id);
            }
        }

        return barred;
    }
}
