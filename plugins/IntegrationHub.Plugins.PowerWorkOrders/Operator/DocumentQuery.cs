using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Operator;

/// <summary>How one collection is filtered and listed: which field holds its state, its date and (optionally) its kind.</summary>
/// <param name="StateField">Top-level field compared with <c>state</c>; a document without it has state <paramref name="MissingState"/>.</param>
/// <param name="KindField">Top-level field compared with <c>kind</c>; null: the collection has no kind filter.</param>
/// <param name="Summary">What a list shows of one document (a campaign without its customers), or null for the whole document.</param>
public sealed record QueryableCollection(
    string Collection, string StateField, string DateField, string? MissingState = null, string? KindField = null, Func<JsonObject, JsonObject>? Summary = null);

/// <summary>An operator's filter and page: state, kind, date range (inclusive from, exclusive to), free text, offset and limit.</summary>
public sealed record DocumentFilter(string? State, DateTimeOffset? From, DateTimeOffset? To, string? Text, int Offset, int Limit, string? Kind = null)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 200;

    /// <summary>Reads <c>state</c>, <c>kind</c>, <c>from</c>, <c>to</c>, <c>q</c>, <c>offset</c>, <c>limit</c> from a query string; null and the reason when one is malformed.</summary>
    public static (DocumentFilter? Filter, string? Error) Parse(IReadOnlyDictionary<string, string> query)
    {
        string? Value(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var offset = 0;
        var limit = DefaultLimit;
        if (Value("offset") is { } o && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            return (null, $"offset must be a whole number ≥ 0 (got '{o}')");
        }

        if (Value("limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, $"limit must be a whole number from 1 to {MaxLimit} (got '{l}')");
        }

        DateTimeOffset? from = null, to = null;
        foreach (var (key, set) in new (string, Action<DateTimeOffset>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            if (Value(key) is not { } text)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return (null, $"{key} must be an ISO 8601 date or time, for example 2026-06-01 or 2026-06-01T08:00:00+08:00 (got '{text}')");
            }

            set(date);
        }

        return from >= to
            ? (null, "from must be before to")
            : (new DocumentFilter(Value("state"), from, to, Value("q"), offset, limit, Value("kind")), null);
    }
}

/// <param name="HasMore">More matching documents follow this page.</param>
/// <param name="Truncated">The scan stopped at its cap before the end of the collection: later matches may exist.</param>
public sealed record DocumentPage(IReadOnlyList<JsonObject> Items, int Offset, int Limit, bool HasMore, bool Truncated);

/// <summary>
/// Lists a collection's documents newest first (the store's order), keeps those matching the filter and returns the
/// requested page. The store lists by key only, so matching runs here over at most <paramref name="maxScan"/> documents.
/// </summary>
public sealed class DocumentQuery(IPluginStore store, int maxScan)
{
    private const int Batch = 200;

    /// <exception cref="ArgumentException">The filter names a kind and the collection has none.</exception>
    public async Task<DocumentPage> RunAsync(QueryableCollection collection, DocumentFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Kind is not null && collection.KindField is null)
        {
            throw new ArgumentException($"{collection.Collection} cannot be filtered by kind");
        }

        var items = new List<JsonObject>();
        var (skipped, scanned) = (0, 0);
        while (scanned < maxScan)
        {
            var documents = await store.ListAsync<JsonObject>(collection.Collection, null, Math.Min(Batch, maxScan - scanned), scanned, cancellationToken);
            foreach (var document in documents)
            {
                if (!Matches(document.Value, collection, filter))
                {
                    continue;
                }

                if (skipped < filter.Offset)
                {
                    skipped++;
                }
                else if (items.Count < filter.Limit)
                {
                    items.Add(collection.Summary?.Invoke(document.Value) ?? document.Value);
                }
                else
                {
                    return new DocumentPage(items, filter.Offset, filter.Limit, HasMore: true, Truncated: false);
                }
            }

            scanned += documents.Count;
            if (documents.Count < Batch)
            {
                return new DocumentPage(items, filter.Offset, filter.Limit, HasMore: false, Truncated: false);
            }
        }

        return new DocumentPage(items, filter.Offset, filter.Limit, HasMore: false, Truncated: true);
    }

    private static bool Matches(JsonObject document, QueryableCollection collection, DocumentFilter filter)
    {
        if (filter.State is { } state && !string.Equals(Text(document, collection.StateField) ?? collection.MissingState, state, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (filter.Kind is { } kind && !string.Equals(Text(document, collection.KindField!), kind, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (filter.From is not null || filter.To is not null)
        {
            if (document[collection.DateField] is not JsonValue d || !d.TryGetValue<string>(out var text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                || date < filter.From || date >= filter.To)
            {
                return false;
            }
        }

        return filter.Text is not { } needle || Strings(document).Any(s => s.Contains(needle, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Text(JsonObject document, string field) => document[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Every string value in the document, nested ones included (a call's turns, a ticket's steps).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
