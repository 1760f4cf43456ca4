using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using MassTransit;
using Quartz;

namespace IntegrationHub.Host.Scheduling;

/// <summary>
/// <see cref="IPluginScheduler"/> on Quartz with its persistent store: each timer or job of a plugin is a Quartz
/// job in the plugin's group that publishes a contract message when it fires.
/// </summary>
internal sealed class PluginScheduler(ISchedulerFactory schedulers, TimeProvider time, ContractRegistry contracts, string plugin) : IPluginScheduler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string GroupOf(string plugin) => $"plugin.{plugin}";

    public Task ScheduleAsync<TMessage>(string key, DateTimeOffset at, TMessage message, CancellationToken cancellationToken = default) where TMessage : class =>
        ScheduleAsync(key, message, b => b.StartAt(at).WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)), cancellationToken);

    public Task ScheduleCronAsync<TMessage>(string key, string cron, TMessage message, CancellationToken cancellationToken = default) where TMessage : class =>
        ScheduleAsync(key, message, b => b.WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)), cancellationToken);

    public async Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.DeleteJob(new JobKey(key, GroupOf(plugin)), cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduledItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(GroupOf(plugin)) }, cancellationToken);
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

    private async Task ScheduleAsync<TMessage>(string key, TMessage message, Func<TriggerBuilder<IJob>, TriggerBuilder<IJob>> schedule, CancellationToken cancellationToken) where TMessage : class
    {
        var type = message.GetType();
        var job = JobBuilder.Create<PublishMessageJob>()
            .WithIdentity(key, GroupOf(plugin))
            .UsingJobData(PublishMessageJob.Contract, contracts.NameOf(type))
            .UsingJobData(PublishMessageJob.Body, JsonSerializer.Serialize(message, type, Json))
            .UsingJobData(PublishMessageJob.Plugin, plugin)
            .Build();
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = schedule(TriggerBuilder.Create(time).WithIdentity(key, GroupOf(plugin)).ForJob(job)).Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var plugin = Text(data, Plugin)!;
        if (!contracts.TryGetType(Text(data, Contract)!, out var type))
        {
            throw new JobExecutionException($"Unknown contract '{Text(data, Contract)}' in job {context.JobDetail.Key}.");
        }

        var fireTime = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var message = data.ContainsKey(DeclaredJob)
            ? services.GetRequiredService<Plugins.PluginManager>().CreateJobMessage(plugin, Text(data, DeclaredJob)!, fireTime)
            : JsonSerializer.Deserialize(Text(data, Body)!, type, Json)!;

        var bus = services.GetRequiredService<MassTransit.IPublishEndpoint>();
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(publish =>
        {
            publish.Headers.Set(HubHeaders.SourcePlugin, plugin);
            publish.Headers.Set("hub-job", context.JobDetail.Key.ToString());
        }), cancellationToken);
    }

    private static string? Text(JobDataMap data, string key) => data.TryGetValue(key, out var value) ? value?.ToString() : null;
}
