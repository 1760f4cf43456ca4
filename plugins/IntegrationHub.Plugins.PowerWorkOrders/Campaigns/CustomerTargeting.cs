using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

public static class GridSelectors
{
    public const string Feeder = "feeder";
    public const string TransformerArea = "transformer-area";
    public const string Region = "region";
    public const string District = "district";
    public const string Customer = "customer";
}

/// <summary>Where on the grid (or who): feeders, transformer areas, regions and explicit customers together; a district only when nothing else is named.</summary>
public sealed record GridTarget(
    IReadOnlyList<string>? Feeders = null,
    IReadOnlyList<string>? TransformerAreas = null,
    IReadOnlyList<int>? RegionIds = null,
    string? District = null,
    IReadOnlyList<string>? CustomerIds = null)
{
    public override string ToString() => string.Join("; ", new[]
    {
        List("feeders", Feeders), List("transformer areas", TransformerAreas), List("regions", RegionIds?.Select(r => r.ToString()).ToList()),
        District is { Length: > 0 } ? $"district {District}" : null, List("customers", CustomerIds),
    }.Where(p => p is not null));

    private static string? List(string what, IReadOnlyList<string>? values) => values is { Count: > 0 } ? $"{what} {string.Join(",", values.Take(10))}{(values.Count > 10 ? "…" : "")}" : null;
}

public sealed record TargetCustomer(string Id, string Name, string Phone);

/// <summary>A target that cannot be called: nothing named, nobody matched, or more than the database would return.</summary>
public sealed class TargetException(string message) : Exception(message);

/// <summary>
/// The customers of a grid target or a saved segment, from the customer database's topology (configured queries,
/// <see cref="TargetingOptions"/>). Customers without a phone are left out; an empty result is an error, never an empty campaign.
/// </summary>
public sealed partial class CustomerTargeting(PowerWorkOrdersOptions options, IDataSources dataSources)
{
    private const int ValuesPerQuery = 200;

    private TargetingOptions Settings => options.Targeting;

    public async Task<IReadOnlyList<TargetCustomer>> ResolveAsync(GridTarget target, CancellationToken cancellationToken)
    {
        var selections = new List<(string Selector, IReadOnlyList<object> Values)>();
        Add(selections, GridSelectors.Feeder, target.Feeders?.Where(f => !string.IsNullOrWhiteSpace(f)).Cast<object>());
        Add(selections, GridSelectors.TransformerArea, target.TransformerAreas?.Where(a => !string.IsNullOrWhiteSpace(a)).Cast<object>());
        Add(selections, GridSelectors.Region, target.RegionIds?.Cast<object>());
        Add(selections, GridSelectors.Customer, target.CustomerIds?.Where(c => !string.IsNullOrWhiteSpace(c)).Cast<object>());
        if (selections.Count == 0 && !string.IsNullOrWhiteSpace(target.District))
        {
            Add(selections, GridSelectors.District, [target.District]);
        }

        if (selections.Count == 0)
        {
            throw new TargetException("The target names no feeder, transformer area, region, district or customer.");
        }

        var customers = new List<TargetCustomer>();
        foreach (var (selector, values) in selections)
        {
            var sql = Settings.Queries.TryGetValue(selector, out var q) ? q : throw new TargetException($"No targeting query for '{selector}' (Targeting:Queries:{selector}).");
            foreach (var chunk in values.Distinct().Chunk(ValuesPerQuery))
            {
                var names = chunk.Select((_, i) => $"@v{i}").ToList();
                var parameters = chunk.Select((v, i) => (Name: $"v{i}", Value: (object?)v)).ToDictionary(p => p.Name, p => p.Value);
                customers.AddRange(await QueryAsync(ValuesParameter().Replace(sql, string.Join(", ", names)), parameters, $"{selector} query", cancellationToken));
            }
        }

        return Checked(customers, target.ToString());
    }

    /// <summary>A saved segment; its <c>@name</c> parameters are taken from <paramref name="variables"/>.</summary>
    public async Task<IReadOnlyList<TargetCustomer>> SegmentAsync(string segment, IReadOnlyDictionary<string, string>? variables, CancellationToken cancellationToken)
    {
        if (!Settings.Segments.TryGetValue(segment, out var sql))
        {
            throw new TargetException($"No segment named '{segment}' (configured: {string.Join(", ", Settings.Segments.Keys)}).");
        }

        var parameters = new Dictionary<string, object?>();
        foreach (Match m in Parameter().Matches(sql))
        {
            var name = m.Groups[1].Value;
            parameters[name] = variables is not null && variables.TryGetValue(name, out var value)
                ? value
                : throw new TargetException($"Segment '{segment}' needs the variable '{name}'.");
        }

        return Checked(await QueryAsync(sql, parameters, $"segment '{segment}'", cancellationToken), $"segment {segment}");
    }

    private async Task<IEnumerable<TargetCustomer>> QueryAsync(string sql, IReadOnlyDictionary<string, object?> parameters, string what, CancellationToken cancellationToken)
    {
        var rows = await dataSources.QueryAsync(Settings.DataSource, sql, parameters, Settings.MaxCustomers, cancellationToken);
        if (rows.Truncated)
        {
            throw new TargetException($"The {what} returned more customers than may be read at once ({rows.Rows.Count}); narrow the target or raise Targeting:MaxCustomers and the data source's RowLimit.");
        }

        var (id, name, phone) = (Column(rows.Columns, "customer_id"), Column(rows.Columns, "name"), Column(rows.Columns, "phone"));
        return rows.Rows.Select(r => new TargetCustomer(Convert.ToString(r[id])!, Convert.ToString(r[name]) ?? "", Convert.ToString(r[phone]) ?? ""));
    }

    private IReadOnlyList<TargetCustomer> Checked(IEnumerable<TargetCustomer> customers, string target)
    {
        var found = customers.Where(c => c.Phone.Length > 0).DistinctBy(c => c.Id).ToList();
        if (found.Count == 0)
        {
            throw new TargetException($"No customer with a phone number matches the target ({target}).");
        }

        return found.Count <= Settings.MaxCustomers
            ? found
            : throw new TargetException($"{found.Count} customers match the target ({target}), more than Targeting:MaxCustomers ({Settings.MaxCustomers}).");
    }

    private static void Add(List<(string, IReadOnlyList<object>)> selections, string selector, IEnumerable<object>? values)
    {
        var list = values?.ToList();
        if (list is { Count: > 0 })
        {
            selections.Add((selector, list));
        }
    }

    private static int Column(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new TargetException($"The customer query must return a column '{name}' (it returned {string.Join(", ", columns)}).");
    }

    [GeneratedRegex(@"@values\b")]
    private static partial Regex ValuesParameter();

    [GeneratedRegex(@"@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();
}
