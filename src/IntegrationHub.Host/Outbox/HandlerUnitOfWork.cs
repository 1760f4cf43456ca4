using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox.Deliveries;
using IntegrationHub.Host.Outbox.Publishes;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// The unit of work one plugin handler runs in: one database transaction shared by the plugin's store, the inbox
/// record and the outbox's three ports (<see cref="Deliveries"/> to outside systems, <see cref="Publishes"/> to the
/// bus, timer changes). All of it commits together or not at all; the port dispatchers take over after the commit.
/// </summary>
internal sealed class HandlerUnitOfWork : IAsyncDisposable
{
    private readonly TimerChangeStore _timers;
    private readonly OutboxSignal _signal;
    private readonly List<TimerChange> _timerChanges = [];
    private readonly CountingOutbox _deliveries;
    private readonly DeferredPublisher _publishes;

    public HandlerUnitOfWork(UnitOfWork transaction, string plugin, Guid messageId, OutboxPorts ports)
    {
        Transaction = transaction;
        Plugin = plugin;
        _timers = ports.Timers;
        _signal = ports.Signal;
        _deliveries = new CountingOutbox(new ConnectorDeliveryOutbox(ports.Deliveries, ports.Database, ports.Signal, plugin, transaction));
        _publishes = new DeferredPublisher(ports.Publishes, transaction, ports.Contracts, messageId, plugin);
    }

    public UnitOfWork Transaction { get; }

    /// <summary>
    /// Set in a group commit, which records the batch's inbox entries as it commits: true when the message is to be
    /// handled as new (the commit fails if the plugin handled it before), false for a second copy in the same batch.
    /// Null when the inbox filter records it itself.
    /// </summary>
    public bool? HandleAsNew { get; init; }

    public string Plugin { get; }

    /// <summary>Deliveries to outside systems, stored in this unit of work.</summary>
    public IOutbox Deliveries => _deliveries;

    /// <summary>Messages for the bus, stored in this unit of work and published after its commit.</summary>
    public IMessagePublisher Publishes => _publishes;

    /// <summary>Collects a timer change; they are stored as the last writes before the commit, so their order follows commit order.</summary>
    public void AddTimerChange(TimerChange change)
    {
        lock (_timerChanges)
        {
            _timerChanges.Add(change);
        }
    }

    /// <summary>Stores the timer changes, commits, and wakes the dispatchers of the ports written.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await StoreTimerChangesAsync();
        await Transaction.CommitAsync(cancellationToken);
        NotifyCommitted();
    }

    /// <summary>Stores the timer changes collected: the last writes before the commit, so their order follows commit order.</summary>
    public async Task StoreTimerChangesAsync()
    {
        List<TimerChange> timers;
        lock (_timerChanges)
        {
            timers = [.. _timerChanges];
        }

        if (timers.Count > 0)
        {
            await _timers.AddAsync(Transaction, Plugin, timers);
        }
    }

    /// <summary>After the commit: wakes the dispatchers of the ports this unit of work wrote to.</summary>
    public void NotifyCommitted()
    {
        if (_deliveries.Count > 0)
        {
            _signal.Notify(OutboxPort.Deliveries);
        }

        if (_publishes.Count > 0)
        {
            _signal.Notify(OutboxPort.Publishes);
        }

        bool timers;
        lock (_timerChanges)
        {
            timers = _timerChanges.Count > 0;
        }

        if (timers)
        {
            _signal.Notify(OutboxPort.Timers);
        }
    }

    public ValueTask DisposeAsync() => Transaction.DisposeAsync();

    /// <summary>Counts what a handler enqueued, so a commit with nothing for the dispatchers wakes none.</summary>
    private sealed class CountingOutbox(IOutbox inner) : IOutbox
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<Guid> EnqueueAsync(Contracts.Connectors.OutboxDelivery delivery, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return inner.EnqueueAsync(delivery, cancellationToken);
        }
    }
}

/// <summary>What a <see cref="HandlerUnitOfWork"/> writes into, and where plugins outside handlers get their own-commit outbox.</summary>
internal sealed class OutboxPorts(
    HubDatabase database,
    DeliveryOutboxStore deliveries,
    PublishOutboxStore publishes,
    TimerChangeStore timers,
    ContractRegistry contracts,
    OutboxSignal signal)
{
    public HubDatabase Database { get; } = database;

    public DeliveryOutboxStore Deliveries { get; } = deliveries;

    public PublishOutboxStore Publishes { get; } = publishes;

    public TimerChangeStore Timers { get; } = timers;

    public ContractRegistry Contracts { get; } = contracts;

    public OutboxSignal Signal { get; } = signal;

    /// <summary>Begins the unit of work of one handler run of <paramref name="plugin"/> on <paramref name="messageId"/>.</summary>
    public async Task<HandlerUnitOfWork> BeginAsync(string plugin, Guid messageId, CancellationToken cancellationToken) =>
        new(await Database.BeginAsync(cancellationToken), plugin, messageId, this);

    /// <summary>The connector outbox of <paramref name="plugin"/> outside handlers: each delivery commits on its own.</summary>
    public IOutbox OwnCommitOutbox(string plugin) => new ConnectorDeliveryOutbox(Deliveries, Database, Signal, plugin);
}
