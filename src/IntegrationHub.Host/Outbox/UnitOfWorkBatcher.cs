using System.Threading.Channels;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// Group commit of handler units of work: the handler runs of messages that wait together (one prefetch window under
/// load) share one database transaction, each in a savepoint of its own, and commit once. A handler that fails rolls
/// back to its savepoint and only its message fails (to be retried on its own); the others commit. Each caller's task
/// completes only after the commit, so its message is acknowledged only then. Nothing waits to fill a batch: a message
/// that finds no batch running starts one at once, so a quiet hub commits each message on its own as before.
/// </summary>
internal sealed class UnitOfWorkBatcher : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly OutboxPorts _ports;
    private readonly int _maxMessages;
    private readonly Task[] _runners;
    private readonly CancellationTokenSource _stopping = new();

    public UnitOfWorkBatcher(OutboxPorts ports, IOptions<HubOptions> options)
    {
        _ports = ports;
        var batching = options.Value.Bus.UnitOfWorkBatch;
        _maxMessages = Math.Max(1, batching.MaxMessages);
        // SQLite has one writer: a second runner would only wait for it.
        var runners = !Batches ? 0 : ports.Database.IsPostgres ? Math.Max(1, batching.Parallel) : 1;
        _runners = Enumerable.Range(0, runners).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>False when configured to commit every message on its own (<c>MaxMessages</c> 1).</summary>
    public bool Batches => _maxMessages > 1;

    /// <summary>Runs <paramref name="body"/> in a unit of work of <paramref name="plugin"/>, shared with others waiting now; completes after the commit.</summary>
    public async Task RunAsync(string plugin, Guid messageId, Func<HandlerUnitOfWork, Task> body, CancellationToken cancellationToken)
    {
        // The handler runs on a runner's task: it keeps its caller's trace, log scopes and other async-locals.
        var pending = new Pending(plugin, messageId, body, ExecutionContext.Capture(), cancellationToken);
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
        var handled = new List<(Pending Pending, HandlerUnitOfWork Work)>(batch.Count);
        try
        {
            await using var transaction = await _ports.Database.BeginAsync(_stopping.Token);
            foreach (var pending in batch)
            {
                if (await RunInSavepointAsync(transaction, pending, batch.Count > 1) is { } work)
                {
                    handled.Add((pending, work));
                }
            }

            if (handled.Count > 0)
            {
                await transaction.CommitAsync(_stopping.Token);
            }
        }
        catch (Exception e)
        {
            foreach (var (pending, _) in handled)
            {
                pending.Done.TrySetException(e);
            }

            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }

            return;
        }

        foreach (var (pending, work) in handled)
        {
            work.NotifyCommitted();
            pending.Done.TrySetResult();
        }
    }

    /// <summary>The handler run of one message; null (and its caller told why) when it failed and was rolled back.</summary>
    private async Task<HandlerUnitOfWork?> RunInSavepointAsync(UnitOfWork transaction, Pending pending, bool shared)
    {
        const string Savepoint = "handler";
        if (shared)
        {
            await transaction.Transaction.SaveAsync(Savepoint);
        }

        var work = new HandlerUnitOfWork(transaction, pending.Plugin, pending.MessageId, _ports);
        try
        {
            await RunInCallerContext(pending, work);
            await work.StoreTimerChangesAsync();
            if (shared)
            {
                await transaction.Transaction.ReleaseAsync(Savepoint);
            }

            return work;
        }
        catch (Exception e) when (shared)
        {
            await transaction.Transaction.RollbackAsync(Savepoint);
            pending.Done.TrySetException(e);
            return null;
        }
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

    private sealed record Pending(string Plugin, Guid MessageId, Func<HandlerUnitOfWork, Task> Body, ExecutionContext? Context, CancellationToken CancellationToken)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
