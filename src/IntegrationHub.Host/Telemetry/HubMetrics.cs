using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Host.Telemetry;

/// <summary>The hub's own instruments (meter <c>IntegrationHub</c>), exported for Prometheus at <c>/metrics</c>.</summary>
public sealed class HubMetrics
{
    public const string MeterName = "IntegrationHub";
    public const string ActivitySourceName = "IntegrationHub";

    /// <summary>Spans of the outbox dispatchers (a deferred publish continues the trace it was stored under).</summary>
    public const string OutboxActivitySourceName = "IntegrationHub.Outbox";
    /// <summary>Spans of the hub's own consumer on plugin queues (RabbitMQ), continuing the sender's trace.</summary>
    public const string ConsumerActivitySourceName = "IntegrationHub.Consumer";
    public const string AgeInstrument = "hub.messages.age";
    public const string GroupCommitsInstrument = "hub.group_commits";
    public const string DuplicatesInstrument = "hub.messages.duplicates";

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _groupCommits;
    private readonly Histogram<int> _groupCommitSize;
    private readonly Histogram<double> _handlerLatency;
    private readonly Histogram<double> _age;
    private readonly ConcurrentDictionary<string, long> _outboxDepth = new();

    public HubMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _consumed = meter.CreateCounter<long>("hub.messages.consumed", description: "Messages handled by a plugin handler.");
        _failed = meter.CreateCounter<long>("hub.messages.failed", description: "Messages that failed their last attempt (error store).");
        _retried = meter.CreateCounter<long>("hub.messages.retried", description: "Handler attempts that failed and were retried or redelivered.");
        _duplicates = meter.CreateCounter<long>(DuplicatesInstrument, description: "Redelivered messages the inbox recognised and skipped.");
        _deliveries = meter.CreateCounter<long>("hub.outbox.deliveries", description: "Outbox delivery attempts by connector and outcome.");
        _groupCommits = meter.CreateCounter<long>(GroupCommitsInstrument, description: "Batches of handler runs committed together, or refused and run again message by message (outcome).");
        _groupCommitSize = meter.CreateHistogram<int>("hub.group_commit.size", unit: "{message}", description: "Messages in a group-committed batch.");
        _handlerLatency = meter.CreateHistogram<double>("hub.handler.duration", unit: "ms", description: "Plugin handler latency, inbox and commit included.");
        _age = meter.CreateHistogram<double>(AgeInstrument, unit: "ms", description: "Time from a message being sent to its handler committing (end-to-end latency).");
        meter.CreateObservableGauge(
            "hub.outbox.depth",
            () => _outboxDepth.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("port", d.Key))),
            description: "Entries waiting in each outbox port (deliveries, publishes, timers).");
    }

    public ActivitySource Activities { get; } = new(ActivitySourceName);

    public ActivitySource OutboxActivities { get; } = new(OutboxActivitySourceName);

    public ActivitySource ConsumerActivities { get; } = new(ConsumerActivitySourceName);

    public void Consumed(string type, string plugin, TimeSpan elapsed)
    {
        var tags = Tags(type, plugin);
        _consumed.Add(1, tags);
        _handlerLatency.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Age(string type, string plugin, TimeSpan age) => _age.Record(age.TotalMilliseconds, Tags(type, plugin));

    public void Failed(string type, string plugin) => _failed.Add(1, Tags(type, plugin));

    public void Retried(string type, string plugin) => _retried.Add(1, Tags(type, plugin));

    public void Duplicate(string type, string plugin) => _duplicates.Add(1, Tags(type, plugin));

    public void Delivery(string connector, string outcome) =>
        _deliveries.Add(1, new TagList { { "connector", connector }, { "outcome", outcome } });

    /// <summary>A batch of <paramref name="size"/> handler runs committed together, or (<paramref name="committed"/> false) refused whole.</summary>
    public void GroupCommit(int size, bool committed)
    {
        var outcome = new TagList { { "outcome", committed ? "committed" : "refused" } };
        _groupCommits.Add(1, outcome);
        _groupCommitSize.Record(size, outcome);
    }

    public void OutboxDepth(string port, long depth) => _outboxDepth[port] = depth;

    private static TagList Tags(string type, string plugin) => new() { { "message_type", type }, { "plugin", plugin } };
}
