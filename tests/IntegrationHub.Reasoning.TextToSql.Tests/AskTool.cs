using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>A developer aid: TEXT_TO_SQL_ASK="问题|question …" prints the SQL and the first rows for each question.</summary>
[Collection(PowerMarketingCollection.Name)]
public sealed class AskTool(PowerMarketingFixture db, ITestOutputHelper output)
{
    [Fact]
    public void Ask()
    {
        var questions = Environment.GetEnvironmentVariable("TEXT_TO_SQL_ASK");
        if (string.IsNullOrWhiteSpace(questions)) return;
        var engine = new OfflineTextToSqlEngine();
        var other = Environment.GetEnvironmentVariable("TEXT_TO_SQL_DB");
        var catalog = other is null ? db.Catalog : Catalogs.Read(other, "debug");
        using var connection = other is null ? null : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={other}");
        connection?.Open();
        foreach (var q in questions.Split('|'))
        {
            var reply = engine.Translate(new TextToSqlRequest(q, catalog, PowerMarketingFixture.AsOf, other is null ? db.Layer : null));
            var text = $"Q: {q}\n  SQL: {reply.Sql}\n  params: {string.Join(", ", (reply.Parameters ?? new Dictionary<string, object?>()).Select(kv => $"{kv.Key}={kv.Value}"))}\n  why: {reply.Explanation}\n  error: {reply.Error}";
            if (reply.Sql is not null) text += "\n  rows: " + ExecutionAccuracy.Show(ExecutionAccuracy.Run(connection ?? db.Connection, reply.Sql, reply.Parameters));
            Console.WriteLine(text);
            output.WriteLine(text);
        }
    }
}
