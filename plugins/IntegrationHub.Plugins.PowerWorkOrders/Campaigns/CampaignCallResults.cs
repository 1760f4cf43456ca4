using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>
/// One number's result from the voice platform: an answered call records the intent (an objection for a human to
/// follow up, an opt-out onto the do-not-call list); an unanswered one is retried as its dial status allows — in a
/// later batch inside the window and under the rate — or counts as not reached and gets the fallback message.
/// </summary>
public sealed class CampaignCallResults(CampaignEngine engine, IPluginScheduler scheduler)
{
    public async Task HandleAsync(VoiceCallResultReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<CampaignTaskIndex>(CampaignEngine.Tasks, message.TaskId, cancellationToken) is not { } task
                || await context.Store.GetAsync<Campaign>(CampaignEngine.Campaigns, task.Value.CampaignId, cancellationToken) is not { } found)
            {
                return; // not a campaign's call
            }

            var campaign = found.Value;
            var batch = campaign.Batches.First(b => b.Index == task.Value.Batch);
            var customerId = batch.CustomerIds.FirstOrDefault(id => campaign.Contacts[id].Phone == message.PhoneNumber && campaign.Contacts[id].Batch == batch.Index);
            if (customerId is null || campaign.Contacts[customerId].Result != ContactResults.Pending || campaign.State != CampaignStates.Calling)
            {
                return;
            }

            var contact = campaign.Contacts[customerId];
            var settings = engine.SettingsFor(campaign.Kind);
            contact.LastDialStatus = message.DialStatus;
            if (message.DialStatus == "answered")
            {
                contact.Told = true;
                contact.Intent = message.Intent;
                contact.Result = Is(message.Intent, settings.OptOutIntentsOrDefault) ? ContactResults.OptedOut
                    : Is(message.Intent, settings.ObjectionIntentsOrDefault) ? ContactResults.Objection
                    : ContactResults.Reached;
                if (contact.Result == ContactResults.OptedOut)
                {
                    await DoNotCallList.AddAsync(context.Store, new DoNotCallEntry(contact.Phone, customerId, message.CallId, campaign.Kind, $"opted out: {message.Intent}", message.EndedAt), cancellationToken);
                }
            }
            else if (!message.Final)
            {
                return; // the platform tries again within the task
            }
            else
            {
                contact.Attempts = Math.Max(contact.Attempts, message.Attempt);
                if (!await RetryAsync(campaign, customerId, settings, message.EndedAt, context, cancellationToken))
                {
                    await engine.NotReachedAsync(campaign, customerId, settings, context, cancellationToken);
                }
            }

            var version = await context.Store.PutAsync(CampaignEngine.Campaigns, campaign.CampaignId, campaign, found.Version, cancellationToken);
            await engine.CompleteIfDoneAsync(campaign, context, message.EndedAt, version, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Puts the number into a later batch when its dial status allows another attempt that can still be useful.</summary>
    private async Task<bool> RetryAsync(Campaign campaign, string customerId, CallingSettings settings, DateTimeOffset endedAt, MessageContext context, CancellationToken cancellationToken)
    {
        var contact = campaign.Contacts[customerId];
        if (contact.LastDialStatus is null || !settings.RetriesOrDefault.TryGetValue(contact.LastDialStatus, out var rule) || contact.Attempts >= rule.MaxAttempts)
        {
            return false;
        }

        var attempt = contact.Attempts + 1;
        var due = endedAt + rule.After;
        var spacing = CallingSchedule.Spacing(settings);
        var batch = campaign.Batches.FirstOrDefault(b => b.State == BatchStates.Scheduled && b.Attempt == attempt && b.DueAt >= due && b.DueAt < due + spacing
            && b.CustomerIds.Count < Math.Max(1, settings.BatchSize));
        if (batch is null)
        {
            var slot = FreeSlot(campaign, due, spacing, settings);
            if (slot >= campaign.CallBefore)
            {
                return false;
            }

            batch = new CallBatch { Index = campaign.Batches.Count, DueAt = slot, Attempt = attempt, TaskId = $"{campaign.CampaignId}-b{campaign.Batches.Count}" };
            campaign.Batches.Add(batch);
            await engine.ArmBatchAsync(campaign, batch, context, cancellationToken);
            if (slot + settings.ResultsWithin > campaign.FinalizeAt)
            {
                campaign.FinalizeAt = slot + settings.ResultsWithin;
                await scheduler.ScheduleAsync(CampaignEngine.FinalizeTimer(campaign.CampaignId), campaign.FinalizeAt.Value, new CampaignFinalizeDue(campaign.CampaignId, campaign.FinalizeAt.Value), cancellationToken);
            }
        }

        batch.CustomerIds.Add(customerId);
        contact.Batch = batch.Index;
        contact.Attempts = attempt;
        return true;
    }

    /// <summary>The first allowed time from <paramref name="due"/> at least one batch's spacing away from every batch of the campaign, so retries stay under the rate.</summary>
    private static DateTimeOffset FreeSlot(Campaign campaign, DateTimeOffset due, TimeSpan spacing, CallingSettings settings)
    {
        var candidate = due;
        while (true)
        {
            var slot = CallingSchedule.Slots(candidate, 1, settings)[0];
            var taken = campaign.Batches.Where(b => b.State != BatchStates.Cancelled && (b.DueAt - slot).Duration() < spacing).Select(b => b.DueAt).DefaultIfEmpty().Max();
            if (taken == default)
            {
                return slot;
            }

            candidate = taken + spacing;
        }
    }

    private static bool Is(string? intent, IReadOnlyList<string> intents) => intent is not null && intents.Contains(intent, StringComparer.OrdinalIgnoreCase);
}
