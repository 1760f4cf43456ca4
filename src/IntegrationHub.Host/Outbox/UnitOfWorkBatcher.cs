using System.Threading.Channels;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Inbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// Group commit of handler units of work: the handler runs of messages that wait together (one prefetch window under
/// load) share one database transaction, record their inbox entries in one statement sent with the commit, and commit once. When one of them fails, the whole batch is rolled back and
/// each message runs again alone, so a failure stays its own message's (to be retried by the dispatch pipeline) and
/// the others commit. Each caller's task completes only after its commit, so its message is acknowledged only then. Nothing waits to fill a batch: a message
/// that finds no batch running starts one at once, so a quiet hub commits each message on its own as before.
/// Sized by <see cref="UnitOfWorkBatchOptions"/>.
/// </summary>
internal sealed class UnitOfWorkBatcher : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly OutboxPorts _ports;
    private readonly InboxStore _inbox;
    private readonly HubMetrics _metrics;
    private readonly int _maxMessages;
    private readonly Task[] _runners;
    private readonly CancellationTokenSource _stopping = new();

    public UnitOfWorkBatcher(OutboxPorts ports, InboxStore inbox, HubMetrics metrics, IOptions<HubOptions> options)
    {
        _ports = ports;
        _inbox = inbox;
        _metrics = metrics;
        var batching = options.Value.Bus.UnitOfWorkBatch;
        _maxMessages = Math.Max(1, batching.MaxMessages);
        var runners = Batches ? Math.Max(1, batching.Parallel) : 0;
        _runners = Enumerable.Range(0, runners).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>False when configured to commit every message on its own (<c>MaxMessages</c> 1).</summary>
    public bool Batches => _maxMessages > 1;

    /// <summary>
    /// Runs <paramref name="body"/> in a unit of work of <paramref name="plugin"/>, shared with others waiting now;
    /// completes after the commit. <paramref name="inbox"/>, when given, is recorded with the batch's others as the
    /// commit goes; whether the body is to treat it as new is in <see cref="HandlerUnitOfWork.HandleAsNew"/>.
    /// </summary>
    public async Task RunAsync(string plugin, Guid messageId, InboxEntry? inbox, Func<HandlerUnitOfWork, Task> body, CancellationToken cancellationToken)
    {
        // The handler runs on a runner's task: it keeps its caller's trace, log scopes and other async-locals.
        var pending = new Pending(plugin, messageId, inbox, body, ExecutionContext.Capture(), cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(UnitOfWorkBatcher), "The hub is stopping.");
        }

        await pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxMessages);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < _maxMessages && reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Done.TrySetCanceled(next.CancellationToken);
                    continue;
                }

                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                await CommitBatchAsync(batch);
            }
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        if (batch.Count > 1 && await TryCommitTogetherAsync(batch))
        {
            return;
        }

        // Alone (or again, each alone, after a batch that failed): a failure is this message's own.
        foreach (var pending in batch)
        {
            try
            {
                await using var transaction = await _ports.Database.BeginAsync(_stopping.Token);
                var work = await RunAsync(transaction, pending, handleAsNew: null);
                await transaction.CommitAsync(_stopping.Token);
                work.NotifyCommitted();
                pending.Done.TrySetResult();
            }
            catch (Exception e)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// All handler runs of <paramref name="batch"/> in one transaction, then their inbox entries and the commit in one
    /// round trip. The handlers run as if each message were new (a copy of one earlier in the batch excepted), since
    /// one handled before is rare; if one was, its inbox entry is refused, nothing of the batch is committed, and each
    /// message runs again alone, asking the inbox first. False, with everything rolled back, when anything failed.
    /// Savepoints per message would keep the others' work, but cost as many statements as the per-message
    /// transactions they replace.
    /// </summary>
    private async Task<bool> TryCommitTogetherAsync(List<Pending> batch)
    {
        var works = new List<HandlerUnitOfWork>(batch.Count);
        try
        {
            await using var transaction = await _ports.Database.BeginAsync(_stopping.Token);
            var entries = new HashSet<InboxEntry>();
            foreach (var pending in batch)
            {
                // A message in the batch twice (a redelivery that caught up with its first delivery) is new only once.
                bool? handleAsNew = pending.Inbox is { } entry ? entries.Add(entry) : null;
                works.Add(await RunAsync(transaction, pending, handleAsNew));
            }

            await _inbox.RecordAllAndCommitAsync(transaction, entries, _stopping.Token);
        }
        catch (Exception) when (!_stopping.IsCancellationRequested)
        {
            _metrics.GroupCommit(batch.Count, committed: false);
            return false;
        }

        _metrics.GroupCommit(batch.Count, committed: true);
        for (var i = 0; i < batch.Count; i++)
        {
            works[i].NotifyCommitted();
            batch[i].Done.TrySetResult();
        }

        return true;
    }

    private async Task<HandlerUnitOfWork> RunAsync(UnitOfWork transaction, Pending pending, bool? handleAsNew)
    {
        var work = new HandlerUnitOfWork(transaction, pending.Plugin, pending.MessageId, _ports) { HandleAsNew = handleAsNew };
        await RunInCallerContext(pending, work);
        await work.StoreTimerChangesAsync();
        return work;
    }

    private static Task RunInCallerContext(Pending pending, HandlerUnitOfWork work)
    {
        Task? run = null;
        if (pending.Context is { } context)
        {
            ExecutionContext.Run(context, _ => run = pending.Body(work), null);
        }
        else
        {
            run = pending.Body(work);
        }

        return run!;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_runners);
        _stopping.Dispose();
    }

    private sealed record Pending(string Plugin, Guid MessageId, InboxEntry? Inbox, Func<HandlerUnitOfWork, Task> Body, ExecutionContext? Context, CancellationToken CancellationToken)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
