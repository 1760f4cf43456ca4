namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Timers and jobs that survive hub restarts (persisted with the hub's database). What fires is always
/// a contract message published on the bus. Changes made while a handler runs take effect when its message is
/// committed: a handler that fails sets and cancels nothing.
/// </summary>
public interface IPluginScheduler
{
    /// <summary>Publish <paramref name="message"/> once at <paramref name="at"/>; replaces an earlier timer with the same key.</summary>
    Task ScheduleAsync<TMessage>(string key, DateTimeOffset at, TMessage message, CancellationToken cancellationToken = default) where TMessage : class;

    /// <summary>A recurring job with a Quartz cron expression; replaces an earlier job with the same key.</summary>
    Task ScheduleCronAsync<TMessage>(string key, string cron, TMessage message, CancellationToken cancellationToken = default) where TMessage : class;

    /// <summary>Cancels a timer or job; nothing happens when none has that key.</summary>
    Task CancelAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// This plugin's pending timers and jobs. It reads the scheduler's store, so call it from endpoints and jobs
    /// rather than inside a handler (on SQLite it would wait for the handler's own transaction).
    /// </summary>
    Task<IReadOnlyList<ScheduledItem>> ListAsync(CancellationToken cancellationToken = default);
}

public sealed record ScheduledItem(string Key, string MessageType, DateTimeOffset? NextFireTime, string? Cron);
