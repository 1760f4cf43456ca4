namespace IntegrationHub.Host.Configuration;

/// <summary>Bound from the <c>Hub</c> section (appsettings.json, then environment variables <c>Hub__…</c>).</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Where the hub keeps its SQLite file and plugin data. Relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder of plugin folders; empty means <c>plugins/</c> beside the hub's assembly.</summary>
    public string? PluginsPath { get; set; }

    /// <summary>Load a plugin folder dropped into <see cref="PluginsPath"/> while the hub runs, and unload one whose folder is removed.</summary>
    public bool WatchPlugins { get; set; }

    /// <summary>How often the plugins folder is looked at when <see cref="WatchPlugins"/>; a new folder loads once it is unchanged between two looks.</summary>
    public TimeSpan WatchPluginsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Run the perception and reasoning workers inside this process (the embedded default).</summary>
    public bool InProcessWorkers { get; set; } = true;

    /// <summary>Load the bundled plugins and demo data on start.</summary>
    public bool LoadPlugins { get; set; } = true;

    public BusOptions Bus { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();

    public MonitoringOptions Monitoring { get; set; } = new();
}

public enum BusTransport
{
    InMemory,
    RabbitMq,
}

public sealed class BusOptions
{
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Messages a plugin endpoint takes from its queue at once.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>Handler calls a plugin endpoint runs at once.</summary>
    public int ConcurrencyLimit { get; set; } = 16;

    /// <summary>Group commit of handler units of work (see <see cref="UnitOfWorkBatchOptions"/>).</summary>
    public UnitOfWorkBatchOptions UnitOfWorkBatch { get; set; } = new();

    /// <summary>Tries straight after a failure, before delayed redelivery.</summary>
    public int ImmediateRetries { get; set; } = 2;

    /// <summary>
    /// Delays before each redelivery, growing; after the last one the message goes to the error store and queue.
    /// Unset means 5 s, 30 s, 2 min (configuration binding appends to lists, so the default lives in <see cref="Redeliveries"/>).
    /// </summary>
    public List<TimeSpan>? RedeliveryDelays { get; set; }

    public IReadOnlyList<TimeSpan> Redeliveries => RedeliveryDelays is { Count: > 0 } delays
        ? delays
        : [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>Default timeout of a request to a worker.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// MassTransit's anonymous usage report to its vendor's host (off by default: utilities run hubs in closed
    /// networks, and the hub contacts nothing the operator did not configure).
    /// </summary>
    public bool UsageTelemetry { get; set; }
}

/// <summary>
/// Group commit: handler runs of messages that wait at the same time share one database transaction, each
/// acknowledged only after the shared commit; when one fails, the batch is rolled back and each runs again alone.
/// Requests (a caller waits) always commit alone.
/// </summary>
public sealed class UnitOfWorkBatchOptions
{
    /// <summary>
    /// Most messages one commit takes; 1 commits every message on its own. A batch saves a transaction per message
    /// (on PostgreSQL also a round trip per inbox entry) but runs its handlers one after another, so a handler that
    /// waits on a worker inside its unit of work holds up its batch: such handlers prepare first
    /// (<c>IPrepareAndHandle</c>), as every shipped plugin's do.
    /// </summary>
    public int MaxMessages { get; set; } = 32;

    /// <summary>
    /// Batches committing at once. Handlers of one batch run
    /// one after another, so a handler that waits (on a worker) holds up the others of its batch.
    /// </summary>
    public int Parallel { get; set; } = 4;
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>Durable quorum queues for the hub's endpoints (RabbitMQ 3.8+).</summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>
    /// The <c>Hub:Bus:RabbitMq</c> settings an <c>amqp://user:password@host:port/vhost</c> address names; what it
    /// leaves out takes RabbitMQ's defaults (port 5672, virtual host <c>/</c>, guest).
    /// </summary>
    public static Dictionary<string, string?> SettingsFrom(Uri broker)
    {
        var user = broker.UserInfo.Split(':', 2);
        const string prefix = "Hub:Bus:RabbitMq:";
        return new Dictionary<string, string?>
        {
            [prefix + nameof(Host)] = broker.Host,
            [prefix + nameof(Port)] = (broker.Port > 0 ? broker.Port : 5672).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [prefix + nameof(VirtualHost)] = broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath[1..]),
            [prefix + nameof(Username)] = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
            [prefix + nameof(Password)] = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
        };
    }

    /// <summary>A RabbitMQ.Client factory for this broker, for the hub's connections beside MassTransit's.</summary>
    public RabbitMQ.Client.ConnectionFactory ConnectionFactory(string clientName) => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        ClientProvidedName = clientName,
    };
}

public sealed class SchedulerOptions
{
    /// <summary>
    /// How long the scheduler sleeps when no trigger is due soon (Quartz's idle wait, at least 1 s). A timer set
    /// meanwhile wakes it; a clock moved forward (tests) is only noticed after this.
    /// </summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromSeconds(30);
}
