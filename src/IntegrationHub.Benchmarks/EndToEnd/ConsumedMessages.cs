using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <summary>
/// What one process of the cluster ran, from its Prometheus <c>/metrics</c> (every role serves it): the probes its
/// plugins handled (the hub's <c>hub.messages.consumed</c>) and the worker requests it answered (MassTransit's consume
/// counter), by contract name. How the bench tells which process did which step.
/// </summary>
public static partial class ConsumedMessages
{
    public const string Probe = "hub.probe";
    public const string Embed = "perception.embed";
    public const string ClassifyIntent = "reasoning.classify-intent";

    /// <summary>The worker requests of the probe path, by the type name MassTransit labels them with.</summary>
    private static readonly Dictionary<string, string> WorkerRequests = new(StringComparer.Ordinal)
    {
        ["EmbedRequest"] = Embed,
        ["ClassifyIntentRequest"] = ClassifyIntent,
    };

    public static Dictionary<string, long> Parse(string prometheusText)
    {
        var consumed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match sample in Sample().Matches(prometheusText))
        {
            var step = sample.Groups["name"].Value.StartsWith("hub_", StringComparison.Ordinal)
                ? Label(sample, "message_type") is Probe ? Probe : null
                : Label(sample, "messaging_masstransit_message_type") is { } type ? WorkerRequests.GetValueOrDefault(ShortName(type)) : null;
            if (step is not null && double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                consumed[step] = consumed.GetValueOrDefault(step) + (long)value;
            }
        }

        return consumed;
    }

    private static string? Label(Match sample, string name) =>
        Regex.Match(sample.Groups["labels"].Value, $"(?:^|,){name}=\"(?<value>[^\"]*)\"") is { Success: true } label ? label.Groups["value"].Value : null;

    /// <summary>The type's name without namespace (MassTransit may label a message with its full name or URN).</summary>
    private static string ShortName(string type) => type[(type.LastIndexOfAny([':', '.', '+']) + 1)..];

    // MassTransit gives its counters the unit "ea" (each), which the Prometheus exporter puts in the name.
    [GeneratedRegex(@"^(?<name>hub_messages_consumed|messaging_masstransit_consume)(?:_ea)?_total\{(?<labels>[^}]*)\}\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
