using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Scheduling;
using Quartz;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Schedules the cron jobs a plugin declared (<see cref="IPluginBuilder.Schedule"/>) as durable Quartz jobs; lists a
/// plugin's jobs and timers with their next fire time, and pauses and resumes them all while it is disabled (Quartz
/// keeps a paused group in its store, so a restart keeps it paused).
/// </summary>
internal sealed class PluginJobSchedules(ISchedulerFactory schedulers, TimerWriter timers, TimeProvider time, ContractRegistry contracts, ILogger<PluginJobSchedules> logger)
{
    /// <summary>The Quartz job of a cron job the plugin declared.</summary>
    public static JobKey KeyOf(string plugin, string job) => new($"declared:{job}", PluginScheduler.GroupOf(plugin));

    public async Task<PluginSchedules> ListAsync(string id, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var paused = await scheduler.IsJobGroupPaused(PluginScheduler.GroupOf(id), cancellationToken);
        return new PluginSchedules(id, paused, await timers.ListAsync(id, cancellationToken));
    }

    public async Task PauseAsync(string id, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.PauseJobGroups(GroupMatcher<JobKey>.GroupEquals(PluginScheduler.GroupOf(id)), cancellationToken);
    }

    public async Task ResumeAsync(string id, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ResumeJobGroups(GroupMatcher<JobKey>.GroupEquals(PluginScheduler.GroupOf(id)), cancellationToken);
    }

    public async Task ScheduleDeclaredJobsAsync(string id, LoadedPlugin loaded, CancellationToken cancellationToken)
    {
        if (loaded.Jobs.Count == 0)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in loaded.Jobs)
        {
            var key = KeyOf(id, job.Name);
            var detail = JobBuilder.Create<PublishMessageJob>()
                .WithIdentity(key)
                .UsingJobData(PublishMessageJob.Plugin, id)
                .UsingJobData(PublishMessageJob.Contract, contracts.NameOf(job.MessageType))
                .UsingJobData(PublishMessageJob.DeclaredJob, job.Name)
                .StoreDurably()
                .Build();
            var existing = await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group), cancellationToken);
            if (existing is ICronTrigger cron && cron.CronExpressionString == job.Cron)
            {
                continue; // Persisted from an earlier start: keep its fire times so misfires are detected.
            }

            var trigger = TriggerBuilder.Create(time)
                .WithIdentity(key.Name, key.Group)
                .ForJob(detail)
                .WithSchedule(CronScheduleBuilder.Create(job.Cron).WithMisfireInstruction(job.Misfire == MisfirePolicy.FireOnceNow
                    ? CronTriggerMisfireInstruction.FireAndProceed
                    : CronTriggerMisfireInstruction.DoNothing))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
            logger.LogInformation("Plugin {Plugin} job {Job} scheduled: {Cron}", id, job.Name, job.Cron);
        }
    }
}

/// <summary>A plugin's Quartz jobs and timers (<c>GET /api/plugins/{name}/schedules</c>); <see cref="Paused"/> while it is disabled.</summary>
public sealed record PluginSchedules(string Plugin, bool Paused, IReadOnlyList<ScheduledItem> Items);
