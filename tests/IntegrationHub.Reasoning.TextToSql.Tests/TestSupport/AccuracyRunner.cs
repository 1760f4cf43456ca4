using System.Diagnostics;
using System.Text;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

public sealed record AccuracyReport(int Correct, int Total, string Details, List<double> LatenciesMs);

/// <summary>Translates each question, runs gold and predicted SQL and scores them like eval.py.</summary>
public static class AccuracyRunner
{
    public static AccuracyReport Score(OfflineTextToSqlEngine engine, SqliteConnection connection, DatabaseCatalog catalog, SemanticLayer? layer,
        DateOnly asOf, IEnumerable<GoldQuestion> questions, bool verbose = false)
    {
        var sb = new StringBuilder();
        var ok = 0;
        var total = 0;
        var latencies = new List<double>();
        foreach (var q in questions)
        {
            total++;
            var gold = ExecutionAccuracy.Run(connection, q.GoldSql);
            var watch = Stopwatch.StartNew();
            var reply = engine.Translate(new TextToSqlRequest(q.Question, catalog, asOf, layer));
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            string why;
            if (reply.Error is not null || reply.Sql is null) why = $"refused: {reply.Error?.Code} {reply.Error?.Message}";
            else
            {
                try
                {
                    var rows = ExecutionAccuracy.Run(connection, reply.Sql, reply.Parameters);
                    if (ExecutionAccuracy.Matches(rows, gold)) { ok++; if (verbose) sb.AppendLine($"ok   {q.Id} {q.Question}\n     {reply.Sql}"); continue; }
                    why = $"rows differ: got {ExecutionAccuracy.Show(rows)} want {ExecutionAccuracy.Show(gold)}";
                }
                catch (SqliteException e) { why = "sql error: " + e.Message; }
            }
            sb.AppendLine($"MISS {q.Id} {q.Question}\n     {why}\n     sql: {reply.Sql}\n     params: {string.Join(", ", (reply.Parameters ?? new Dictionary<string, object?>()).Select(kv => $"{kv.Key}={kv.Value}"))}\n     gold: {q.GoldSql}");
        }
        return new AccuracyReport(ok, total, sb.ToString(), latencies);
    }
}
