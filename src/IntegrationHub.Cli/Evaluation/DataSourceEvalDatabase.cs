using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.Reasoning.Evaluation;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Cli.Evaluation;

/// <summary>
/// One database of an evaluation, as a read-only data source (<see cref="DataSourceRegistry"/>: SQLite opened read-only
/// behind an authorizer, PostgreSQL in read-only transactions with a statement timeout); also the model's tools.
/// </summary>
public sealed class DataSourceEvalDatabase : IEvalDatabase
{
    private readonly DataSourceRegistry sources;
    private readonly string source;

    private DataSourceEvalDatabase(DataSourceRegistry sources, string source, DatabaseCatalog catalog, SemanticLayer? layer)
    {
        this.sources = sources;
        this.source = source;
        Catalog = catalog;
        SemanticLayer = layer;
    }

    public DatabaseCatalog Catalog { get; }

    public SemanticLayer? SemanticLayer { get; }

    /// <param name="dialect"><c>sqlite</c> or <c>postgresql</c> to say which a connection string is; null to tell from it.</param>
    /// <param name="semanticLayerPath">A layer file; null = the shipped power-marketing layer when the schema matches, else none.</param>
    public static async Task<DataSourceEvalDatabase> OpenAsync(DataSourceRegistry sources, string name, string connectionString, string? dialect,
        string? semanticLayerPath, CancellationToken cancellationToken)
    {
        var options = DataSourceOptions.FromConnectionString(connectionString);
        if (dialect is not null)
        {
            options.Provider = dialect.ToLowerInvariant() switch
            {
                SqlDialects.Sqlite => DataSourceProvider.Sqlite,
                SqlDialects.PostgreSql or "postgres" => DataSourceProvider.PostgreSql,
                _ => throw new ArgumentException($"--dialect must be sqlite or postgresql, not '{dialect}'."),
            };
        }

        sources.Register(name, options);
        var catalog = await sources.GetCatalogAsync(name, false, cancellationToken);
        SemanticLayer? layer = semanticLayerPath is not null
            ? SemanticLayerLoader.LoadFile(semanticLayerPath)
            : SemanticLayerLoader.LoadShipped("power-marketing") is { } shipped && SemanticLayerLoader.Matches(shipped, catalog) ? shipped : null;
        return new DataSourceEvalDatabase(sources, name, catalog, layer);
    }

    public Task<QueryResult> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken) =>
        sources.QueryAsync(source, sql, parameters, maxRows, cancellationToken);

    public async Task<IReadOnlyList<string>> SampleValuesAsync(string table, string column, CancellationToken cancellationToken)
    {
        var t = Catalog.Tables.FirstOrDefault(x => x.Name.Equals(table, StringComparison.OrdinalIgnoreCase));
        var c = t?.Columns.FirstOrDefault(x => x.Name.Equals(column, StringComparison.OrdinalIgnoreCase));
        if (t is null || c is null) return [$"no column {table}.{column} in the catalog"];
        if (c.Values is { Count: > 0 } known) return known;
        var result = await sources.QueryAsync(source, $"SELECT DISTINCT {Quote(c.Name)} FROM {Quote(t.Name)} WHERE {Quote(c.Name)} IS NOT NULL", null, 20, cancellationToken);
        return result.Rows.Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
    }

    public async Task<string> ExplainAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            var plan = await sources.QueryAsync(source, "EXPLAIN " + sql, null, 50, cancellationToken);
            return string.Join("\n", plan.Rows.Select(r => string.Join(" ", r)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "error: " + e.Message;
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
