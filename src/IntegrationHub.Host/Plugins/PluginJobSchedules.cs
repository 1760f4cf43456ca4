using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Scheduling;
using Quartz;

namespace IntegrationHub.Host.Plugins;

/// <summary>Schedules the cron jobs a plugin declared (<see cref="IPluginBuilder.Schedule"/>) as durable Quartz jobs.</summary>
internal sealed class PluginJobSchedules(ISchedulerFactory schedulers, TimeProvider time, ContractRegistry contracts, ILogger<PluginJobSchedules> logger)
{
    /// <summary>The Quartz job of a cron job the plugin declared.</summary>
    public static JobKey KeyOf(string plugin, string job) => new($"declared:{job}", PluginScheduler.GroupOf(plugin));

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
