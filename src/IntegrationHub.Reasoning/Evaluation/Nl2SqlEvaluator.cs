using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.Evaluation;

/// <summary>A database questions are asked about: its catalog and semantic layer, and read-only queries (gold and answers).</summary>
public interface IEvalDatabase : ITextToSqlTools
{
    DatabaseCatalog Catalog { get; }

    SemanticLayer? SemanticLayer { get; }
}

/// <summary>An engine under evaluation: a name and how it turns a request into a reply (tools = the question's database).</summary>
public sealed record EvalEngine(string Name, Func<TextToSqlRequest, ITextToSqlTools, CancellationToken, Task<TextToSqlReply>> Translate);

/// <summary>
/// Execution accuracy of text-to-SQL engines: each question is translated, the answer's SQL and every expansion of the
/// gold SQL run read-only on the question's database, and the rows compared (<see cref="ResultSetMatch"/>; in order
/// when the gold query orders them, unless <paramref name="anyOrder"/>: score.py's rule). A refusal is counted apart
/// from a wrong answer and must carry a reason.
/// </summary>
public sealed class Nl2SqlEvaluator(DateOnly asOf, bool anyOrder = false, int maxRows = 10_000)
{
    public async Task<EngineEvalReport> RunAsync(EvalEngine engine, IReadOnlyList<EvalQuestion> questions, Func<EvalQuestion, Task<IEvalDatabase>> database,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<EvalOutcome>();
        foreach (var question in questions)
        {
            var db = await database(question);
            outcomes.Add(await JudgeAsync(engine, question, db, cancellationToken));
        }

        return new EngineEvalReport(engine.Name, outcomes);
    }

    private async Task<EvalOutcome> JudgeAsync(EvalEngine engine, EvalQuestion question, IEvalDatabase db, CancellationToken cancellationToken)
    {
        var reply = await engine.Translate(new TextToSqlRequest(question.Question, db.Catalog, asOf, db.SemanticLayer), db, cancellationToken);
        var latency = reply.Meta.LatencyMs;
        var chosen = reply.Choice is null ? null : $"{reply.Choice.Engine}: {reply.Choice.Reason}";
        if (reply.Error is not null || string.IsNullOrWhiteSpace(reply.Sql))
        {
            var reason = reply.Error is null ? "" : $"{reply.Error.Code}: {reply.Error.Message}".Trim();
            return new EvalOutcome(question, EvalVerdict.Refused, null, reason.Length > 0 ? reason : null, latency, chosen);
        }

        QueryResult answer;
        try
        {
            answer = await db.QueryAsync(reply.Sql, reply.Parameters, maxRows, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new EvalOutcome(question, EvalVerdict.Wrong, reply.Sql, "the database refused it: " + e.Message, latency, chosen);
        }

        if (question.GoldSql is null) return new EvalOutcome(question, EvalVerdict.Unjudged, reply.Sql, "no gold SQL", latency, chosen);
        QueryResult? firstGold = null;
        string? goldError = null;
        foreach (var gold in GoldSql.Expansions(question.GoldSql))
        {
            QueryResult rows;
            try
            {
                rows = await db.QueryAsync(gold, null, maxRows, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                goldError ??= e.Message;
                continue;
            }

            firstGold ??= rows;
            if (ResultSetMatch.Matches(answer.Rows, rows.Rows, !anyOrder && GoldSql.Ordered(gold)))
                return new EvalOutcome(question, EvalVerdict.Correct, reply.Sql, null, latency, chosen);
        }

        return firstGold is null
            ? new EvalOutcome(question, EvalVerdict.Unjudged, reply.Sql, "no gold SQL ran: " + goldError, latency, chosen)
            : new EvalOutcome(question, EvalVerdict.Wrong, reply.Sql, $"got {ResultSetMatch.Show(answer.Rows)} want {ResultSetMatch.Show(firstGold.Rows)}", latency, chosen);
    }
}
