using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.Evaluation;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

/// <summary><see cref="Nl2SqlEvaluator"/> on a real SQLite database, the offline engine beside a scripted model.</summary>
public sealed class EvaluatorTests
{
    private static readonly IReadOnlyList<EvalQuestion> Questions =
    [
        new("q1", "用电客户有多少个", "SELECT COUNT(*) FROM customer", "count", null),
        new("q2", "杭州的欠费金额合计", "SELECT SUM(c.arrears) FROM customer c JOIN region r USING (region_id) WHERE r.city = '杭州'", "sum", null),
        new("q3", "今天天气怎么样", "SELECT {city, region_id} FROM region ORDER BY region_id", "list", null),
    ];

    [Fact]
    public async Task Offline_and_model_are_scored_apart_with_refusals_and_choices()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, body) =>
            LlmPathTests.Content(body["messages"]![1]!).Contains("天气", StringComparison.Ordinal)
                ? FakeReply.Json(new { sql = "SELECT city FROM region ORDER BY city", explanation = "x" })
                : FakeReply.Json(new { sql = "SELECT COUNT(*) FROM customer WHERE arrears > 0", explanation = "x" }));
        await using var offline = new Worker();
        await using var model = new Worker(Worker.Llm(server.BaseAddress));
        using var tools = new SqliteTools();
        var db = new Database(tools);
        var evaluator = new Nl2SqlEvaluator(new DateOnly(2025, 6, 30));

        var reports = new List<EngineEvalReport>();
        foreach (var (name, worker) in new[] { ("offline", offline), ("llm", model) })
            reports.Add(await evaluator.RunAsync(new EvalEngine(name, (r, t, ct) => worker.Service.TextToSqlAsync(r, t, ct)), Questions, _ => Task.FromResult<IEvalDatabase>(db), default));

        var o = reports[0];
        Assert.Equal([EvalVerdict.Correct, EvalVerdict.Correct, EvalVerdict.Refused], o.Outcomes.Select(x => x.Verdict));
        Assert.StartsWith("text-to-sql.", o.Outcomes[2].Detail);
        var m = reports[1];
        // q1: the model's 3 disagrees with the offline engine's 4; the model is preferred (default) and is wrong.
        Assert.Equal(EvalVerdict.Wrong, m.Outcomes[0].Verdict);
        Assert.Contains("the engines disagree", m.Outcomes[0].ChosenBy);
        Assert.Equal("got [(3.00)] want [(4.00)]", m.Outcomes[0].Detail);
        // q3: the offline engine refuses, the model answers in the wrong order: rows right, order wrong.
        Assert.Equal(EvalVerdict.Wrong, m.Outcomes[2].Verdict);
        Assert.Contains("llm: the offline engine did not answer", m.Outcomes[2].ChosenBy);

        var text = new StringWriter();
        EvalReportText.Write(text, reports);
        Assert.Contains("EX 2/3 (offline)", text.ToString());
        Assert.Contains("offline: 2 correct, 0 wrong, 1 refused, 0 unjudged", text.ToString());
        Assert.Contains("list: 0/1", text.ToString());
        Assert.Contains("refused q3 今天天气怎么样", text.ToString());
    }

    private sealed class Database(SqliteTools tools) : IEvalDatabase
    {
        public DatabaseCatalog Catalog => LlmPathTests.Catalog;

        public SemanticLayer? SemanticLayer => null;

        public Task<IReadOnlyList<string>> SampleValuesAsync(string table, string column, CancellationToken cancellationToken) => tools.SampleValuesAsync(table, column, cancellationToken);

        public Task<string> ExplainAsync(string sql, CancellationToken cancellationToken) => tools.ExplainAsync(sql, cancellationToken);

        public Task<QueryResult> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken) =>
            tools.QueryAsync(sql, parameters, maxRows, cancellationToken);
    }
}
