using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Plugins.DataQuery.Sql;

/// <summary>
/// Says the scope instead of answering around it: a question that names a hidden column is refused by that column's
/// name, and a query that looks for a value the user's row filters exclude (another city, an account outside the
/// scope) is refused with what the user may see, instead of answering 0, NULL or the scope's own total.
/// </summary>
public sealed partial class ScopeGuard(IDataSources dataSources, AccessPolicy policy)
{
    public const string HiddenColumn = "permission.column";
    public const string OutOfScope = "permission.scope";

    /// <summary>A refusal when the question's words name a column hidden from the user and no visible one.</summary>
    public ContractError? HiddenColumnNamed(string question, DatabaseCatalog catalog, SemanticLayer? layer)
    {
        if (policy.DeniedColumns.Count == 0) return null;
        var named = new Dictionary<string, List<(string Table, string Column)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in catalog.Tables.Where(t => !policy.DeniedTables.Contains(t.Name)))
        foreach (var column in table.Columns)
        foreach (var word in Words(table.Name, column, layer))
        {
            if (!named.TryGetValue(word, out var columns)) named[word] = columns = [];
            columns.Add((table.Name, column.Name));
        }

        // Words that name something visible ("phone call" for the calls table) keep a hidden word inside them ("phone") from counting.
        var visible = named.Where(n => n.Value.Any(c => !policy.IsDenied(c.Table, c.Column))).Select(n => n.Key).Concat(LayerWords(layer)).ToList();
        foreach (var (word, columns) in named.OrderByDescending(n => n.Key.Length))
        {
            if (!Mentions(question, word) || !columns.All(c => policy.IsDenied(c.Table, c.Column))) continue;
            if (visible.Any(v => v.Length > word.Length && v.Contains(word, StringComparison.OrdinalIgnoreCase) && Mentions(question, v))) continue;
            var names = string.Join(", ", columns.Select(c => $"{c.Table}.{c.Column}").Distinct());
            return new ContractError(HiddenColumn, $"'{word}' ({names}) is not visible to you; ask without it.");
        }

        return null;
    }

    /// <summary>
    /// A refusal when the query looks for a value of a row-filtered table that the user's scope does not hold. Each
    /// value is probed inside the scope only (the filtered table), so nothing outside it is read or revealed.
    /// </summary>
    public async Task<ContractError?> OutsideScopeAsync(string source, ValidatedQuery query, DatabaseCatalog catalog, SemanticLayer? layer, CancellationToken cancellationToken)
    {
        if (policy.RowFilters.Count == 0 || query.Compared.Count == 0) return null;
        var filters = policy.EffectiveFilters(catalog);
        var tables = catalog.Tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var compared in query.Compared)
        {
            if (!filters.TryGetValue(compared.Table, out var filter) || !tables.TryGetValue(compared.Table, out var table) || IsTime(table, compared.Column, layer)) continue;
            bool inScope;
            try
            {
                inScope = await InScopeAsync(source, table, compared.Column, filter, compared.Value, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                continue; // a value the column cannot hold (a type mismatch): the query itself will say so
            }

            if (!inScope)
            {
                return Outside(compared.Value, compared.Table, compared.Column);
            }
        }

        return null;
    }

    /// <summary>
    /// A refusal when the question names an identifier (an account number) of a row-filtered table that the user's
    /// scope does not hold, whether or not the generated query uses it: a token shaped like the table's key values
    /// (same length, digits and letters in the same places) is looked up inside the scope.
    /// </summary>
    public async Task<ContractError?> NamedKeyOutsideScopeAsync(string source, string question, DatabaseCatalog catalog, CancellationToken cancellationToken)
    {
        var tokens = Token().Matches(question).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        if (policy.RowFilters.Count == 0 || tokens.Count == 0) return null;
        var filters = policy.EffectiveFilters(catalog);
        foreach (var table in catalog.Tables.Where(t => t.PrimaryKey.Count == 1 && filters.ContainsKey(t.Name)))
        {
            var key = table.PrimaryKey[0];
            var sample = await dataSources.QueryAsync(source, $"SELECT {SqlText.Quote(key)} FROM {SqlText.QualifiedName(table)} WHERE ({filters[table.Name]}) AND {SqlText.Quote(key)} IS NOT NULL LIMIT 1", null, 1, cancellationToken);
            if (sample.Rows.Count == 0 || Convert.ToString(sample.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture) is not { Length: >= 6 } example) continue;
            foreach (var token in tokens.Where(t => Shape(t) == Shape(example)))
            {
                object value = sample.Rows[0][0] is not string && long.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : token;
                if (!await InScopeAsync(source, table, key, filters[table.Name], value, cancellationToken))
                {
                    return Outside(token, table.Name, key);
                }
            }
        }

        return null;
    }

    private async Task<bool> InScopeAsync(string source, TableInfo table, string column, string filter, object value, CancellationToken cancellationToken)
    {
        var probe = $"SELECT 1 FROM {SqlText.QualifiedName(table)} WHERE ({filter}) AND {SqlText.Quote(column)} = @scope_value LIMIT 1";
        var found = await dataSources.QueryAsync(source, probe, new Dictionary<string, object?> { ["scope_value"] = value }, 1, cancellationToken);
        return found.Rows.Count > 0;
    }

    private ContractError Outside(object value, string table, string column) =>
        new(OutOfScope, $"'{value}' ({table}.{column}) is outside your data scope; you may see: {policy.Scope}.");

    private static string Shape(string value) => new(value.Select(c => char.IsAsciiDigit(c) ? '9' : char.IsAsciiLetter(c) ? 'a' : c).ToArray());

    [GeneratedRegex("(?<![A-Za-z0-9_-])[A-Za-z0-9][A-Za-z0-9_-]{5,}(?![A-Za-z0-9_-])")]
    private static partial Regex Token();

    private static bool IsTime(TableInfo table, string column, SemanticLayer? layer) =>
        layer?.TimeColumns is { } times && times.TryGetValue(table.Name, out var time) && string.Equals(time, column, StringComparison.OrdinalIgnoreCase)
        || table.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)) is { } info
           && (info.DataType.Contains("date", StringComparison.OrdinalIgnoreCase) || info.DataType.Contains("time", StringComparison.OrdinalIgnoreCase));

    /// <summary>The words that name a column: its own name, its description (up to a bracket) and the semantic layer's synonyms.</summary>
    private static IEnumerable<string> Words(string table, ColumnInfo column, SemanticLayer? layer)
    {
        yield return column.Name;
        if (column.Description is { Length: > 0 } description && Bracket().Split(description)[0].Trim() is { Length: >= 2 } described) yield return described;
        foreach (var synonym in layer?.Columns?.Where(c => string.Equals(c.Table, table, StringComparison.OrdinalIgnoreCase) && string.Equals(c.Column, column.Name, StringComparison.OrdinalIgnoreCase)).SelectMany(c => c.Synonyms) ?? [])
        {
            yield return synonym;
        }
    }

    private static IEnumerable<string> LayerWords(SemanticLayer? layer) => layer is null
        ? []
        : layer.Metrics.SelectMany(m => m.Synonyms.Append(m.Name))
            .Concat(layer.Dimensions.SelectMany(d => d.Synonyms.Append(d.Name)))
            .Concat(layer.Filters.SelectMany(f => f.Synonyms.Append(f.Name)))
            .Concat(layer.TableSynonyms?.Values.SelectMany(v => v) ?? [])
            .Concat(layer.Values?.SelectMany(v => v.Synonyms) ?? []);

    /// <summary>Latin words match whole words only (<c>phone</c>, not <c>telephone_count</c>); Chinese ones anywhere.</summary>
    private static bool Mentions(string question, string word) =>
        word.All(c => c < 128)
            ? Regex.IsMatch(question, $@"(?<![A-Za-z0-9_]){Regex.Escape(word)}(?![A-Za-z0-9_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            : question.Contains(word, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("[（(,，;；:：]")]
    private static partial Regex Bracket();
}
