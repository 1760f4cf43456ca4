using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Outbox.Timers;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Quartz;

namespace IntegrationHub.Host.Scheduling;

/// <summary>
/// <see cref="IPluginScheduler"/> on Quartz with its persistent store: each timer or job of a plugin is a Quartz
/// job in the plugin's group that publishes a contract message when it fires.
/// </summary>
/// <remarks>
/// Inside a handler (given the handler's <see cref="HandlerUnitOfWork"/>) changes are not applied at once: they go
/// to the outbox's timer port with the handler's unit of work and are applied after the commit, in commit order.
/// So a handler that fails sets no timer, a crash after the commit still sets it, and Quartz (which writes on
/// connections of its own) never waits on the handler's open transaction, a deadlock on SQLite's single writer.
/// Outside a handler each change is applied at once.
/// </remarks>
internal sealed class PluginScheduler(TimerWriter writer, ContractRegistry contracts, string plugin, HandlerUnitOfWork? unitOfWork = null) : IPluginScheduler
{
    public static string GroupOf(string plugin) => $"plugin.{plugin}";

    public Task ScheduleAsync<TMessage>(string key, DateTimeOffset at, TMessage message, CancellationToken cancellationToken = default) where TMessage : class =>
        ApplyOrDeferAsync(new TimerChange(TimerChangeKind.Once, key, contracts.NameOf(message.GetType()), Serialize(message), at, null), cancellationToken);

    public Task ScheduleCronAsync<TMessage>(string key, string cron, TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        // Validated now, so a bad expression fails the handler rather than the dispatcher later.
        _ = new CronExpression(cron);
        return ApplyOrDeferAsync(new TimerChange(TimerChangeKind.Cron, key, contracts.NameOf(message.GetType()), Serialize(message), null, cron), cancellationToken);
    }

    public Task CancelAsync(string key, CancellationToken cancellationToken = default) =>
        ApplyOrDeferAsync(new TimerChange(TimerChangeKind.Cancel, key, null, null, null, null), cancellationToken);

    public Task<IReadOnlyList<ScheduledItem>> ListAsync(CancellationToken cancellationToken = default) => writer.ListAsync(plugin, cancellationToken);

    private Task ApplyOrDeferAsync(TimerChange change, CancellationToken cancellationToken)
    {
        if (unitOfWork is null)
        {
            return writer.ApplyAsync(plugin, change, cancellationToken);
        }

        unitOfWork.AddTimerChange(change);
        return Task.CompletedTask;
    }

    private static string Serialize(object message) => JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options);
}

/// <summary>Applies timer changes to Quartz: directly outside handlers, from the outbox's timer port for handlers.</summary>
internal sealed class TimerWriter(ISchedulerFactory schedulers, TimeProvider time) : ITimerChangeApplier
{
    public async Task ApplyAsync(string plugin, TimerChange change, CancellationToken cancellationToken)
    {
        if (change.Kind == TimerChangeKind.Cancel)
        {
            await CancelAsync(plugin, change.Key, cancellationToken);
            return;
        }

        var job = JobBuilder.Create<PublishMessageJob>()
            .WithIdentity(change.Key, PluginScheduler.GroupOf(plugin))
            .UsingJobData(PublishMessageJob.Contract, change.Contract!)
            .UsingJobData(PublishMessageJob.Body, change.Body!)
            .UsingJobData(PublishMessageJob.Plugin, plugin)
            .Build();
        var trigger = TriggerBuilder.Create(time).WithIdentity(change.Key, PluginScheduler.GroupOf(plugin)).ForJob(job);
        trigger = change.Kind switch
        {
            TimerChangeKind.Once => trigger.StartAt(change.At!.Value)
                .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)),
            TimerChangeKind.Cron => trigger
                .WithSchedule(CronScheduleBuilder.Create(change.Cron!).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            _ => throw new ArgumentException($"Unknown timer change '{change.Kind}'.", nameof(change)),
        };
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ScheduleJob(job, [trigger.Build()], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private async Task CancelAsync(string plugin, string key, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(new JobKey(key, PluginScheduler.GroupOf(plugin)), cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduledItem>> ListAsync(string plugin, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(PluginScheduler.GroupOf(plugin)) }, cancellationToken);
        var items = new List<ScheduledItem>();
        foreach (var header in jobs.Items)
        {
            var detail = await scheduler.GetJobDetail(header.Key, cancellationToken);
            var triggers = await scheduler.QueryTriggers(new TriggerQuery { Job = header.Key }, cancellationToken);
            var first = triggers.Items.FirstOrDefault();
            var trigger = first is null ? null : await scheduler.GetTrigger(first.Key, cancellationToken);
            items.Add(new ScheduledItem(
                header.Key.Name,
                detail?.JobDataMap.TryGetValue(PublishMessageJob.Contract, out var contract) == true ? contract?.ToString() ?? "" : "",
                triggers.Items.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min(),
                (trigger as ICronTrigger)?.CronExpressionString));
        }

        return items;
    }
}

/// <summary>
/// Publishes a contract message when a plugin's timer or job fires. For jobs a plugin declared with
/// <see cref="IPluginBuilder.Schedule{TMessage}"/>, the plugin builds the message at fire time.
/// </summary>
internal sealed class PublishMessageJob(IServiceProvider services, ContractRegistry contracts) : IJob
{
    public const string Contract = "contract";
    public const string Body = "body";
    public const string Plugin = "plugin";
    public const string DeclaredJob = "declaredJob";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var plugin = Text(data, Plugin)!;
        if (!contracts.TryGetType(Text(data, Contract)!, out var type))
        {
            throw new JobExecutionException($"Unknown contract '{Text(data, Contract)}' in job {context.JobDetail.Key}.");
        }

        var fireTime = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var headers = new Dictionary<string, string> { [HubHeaders.SourcePlugin] = plugin, ["hub-job"] = context.JobDetail.Key.ToString() };
        var message = data.ContainsKey(DeclaredJob)
            ? ContractMessage.Of(services.GetRequiredService<Plugins.PluginManager>().CreateJobMessage(plugin, Text(data, DeclaredJob)!, fireTime), contracts, headers)
            : ContractMessage.Stored(NewId.NextGuid(), type, Text(data, Body)!, contracts, headers);
        await services.GetRequiredService<IContractPublisher>().PublishAsync(message, cancellationToken);
    }

    private static string? Text(JobDataMap data, string key) => data.TryGetValue(key, out var value) ? value?.ToString() : null;
}
