using System.Text.Encodings.Web;
using System.Text.Json;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>
/// A developer aid: TEXT_TO_SQL_DEFOG=answers.jsonl translates ../shared/datasets/defog-dev offline against the
/// defog_&lt;db&gt; PostgreSQL catalogs and writes {"id","sql","error"} lines for its score.py. Skipped otherwise.
/// </summary>
public sealed class DefogRunner
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Translate_defog_dev()
    {
        var output = Environment.GetEnvironmentVariable("TEXT_TO_SQL_DEFOG");
        if (string.IsNullOrWhiteSpace(output)) return;
        var dataset = Path.GetFullPath(Path.Combine(Paths.RepoRoot, "..", "shared", "datasets", "defog-dev", "questions.jsonl"));
        var engine = new OfflineTextToSqlEngine();
        var catalogs = new Dictionary<string, DatabaseCatalog>();
        var lines = new List<string>();
        foreach (var line in File.ReadLines(dataset).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var id = doc.RootElement.GetProperty("id").GetString()!;
            var db = doc.RootElement.GetProperty("db").GetString()!;
            var question = doc.RootElement.GetProperty("question").GetString()!;
            if (!catalogs.TryGetValue(db, out var catalog)) catalogs[db] = catalog = Read(db);
            // The gold SQL reads CURRENT_DATE on the database server, so the as-of date is today's.
            var reply = engine.Translate(new TextToSqlRequest(question, catalog, DateOnly.FromDateTime(DateTime.UtcNow), null));
            var sql = reply.Sql;
            if (sql is not null && reply.Parameters is { } ps)
                foreach (var (k, v) in ps.OrderByDescending(p => p.Key.Length))
                    sql = sql.Replace("@" + k, v is string s ? "'" + s.Replace("'", "''") + "'" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
            var ix = new CatalogIndex(catalog, null);
            var tokens = string.Join(" | ", ix.Match(TextNormalizer.Normalize(question).ToCharArray())
                .Select(t => t.Text + "→" + string.Join(",", t.Targets.Select(x => $"{x.Kind}:{x.Table.Name}.{x.Column?.Name}{(x.Derived ? "~" : "")}"))));
            lines.Add(JsonSerializer.Serialize(new { id, sql, error = reply.Error?.Message, tokens }, Json));
        }
        File.WriteAllLines(output, lines);
        foreach (var (db, catalog) in catalogs)
            foreach (var t in new CatalogIndex(catalog, null).Tables)
                Console.WriteLine($"{db}.{t.Name} key={t.Key?.Name} links={string.Join(",", t.Links.Select(l => $"{l.Column.Name}->{l.Parent.Name}.{l.ParentColumn.Name}"))}");
    }

    private static DatabaseCatalog Read(string db)
    {
        var registry = new DataSourceRegistry();
        registry.Register(db, DataSourceOptions.FromConnectionString($"Host=127.0.0.1;Username=hubeval;Password=hubeval;Database=defog_{db}"));
        return registry.GetCatalogAsync(db).GetAwaiter().GetResult();
    }
}
