using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.Evaluation;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>
/// Decides which SQL a text-to-SQL reply carries when the model and the offline engine both answered: both are run
/// through the caller's tools and their rows compared (<see cref="ResultSetMatch"/>); the same rows are agreement.
/// A failing or refusing engine loses to one that answers; on disagreement <see cref="TextToSqlLlmOptions.OnDisagreement"/>
/// decides. The reply's <see cref="EngineChoice"/> says which and why.
/// </summary>
public static class AnswerArbiter
{
    public static async Task<TextToSqlReply> ChooseAsync(TextToSqlReply model, QueryResult? modelRows, TextToSqlReply offline, ITextToSqlTools tools,
        TextToSqlLlmOptions options, CancellationToken cancellationToken)
    {
        if (model.Error is not null)
        {
            return offline.Error is null
                ? offline with { Choice = new EngineChoice(ReasoningEngines.Offline, $"the model's SQL was refused ({model.Error.Code}: {model.Error.Message})") }
                : model with { Choice = new EngineChoice(ReasoningEngines.Llm, $"neither engine answered; the offline engine: {offline.Error.Message}") };
        }

        if (offline.Error is not null)
            return model with { Choice = new EngineChoice(ReasoningEngines.Llm, $"the offline engine did not answer ({offline.Error.Code}: {offline.Error.Message})") };

        QueryResult? offlineRows;
        try
        {
            offlineRows = await tools.QueryAsync(offline.Sql!, offline.Parameters, Math.Max(1, options.CompareMaxRows), cancellationToken);
        }
        catch (NotSupportedException)
        {
            return model with { Choice = new EngineChoice(ReasoningEngines.Llm, "not compared: the caller's tools cannot run queries") };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return model with { Choice = new EngineChoice(ReasoningEngines.Llm, $"the offline engine's SQL failed on the database: {e.Message}") };
        }

        if (modelRows is null)
            return model with { Choice = new EngineChoice(ReasoningEngines.Llm, "not compared: the model's SQL was not run") };

        if (ResultSetMatch.Matches(modelRows.Rows, offlineRows.Rows) && ResultSetMatch.Matches(offlineRows.Rows, modelRows.Rows))
            return model with { Choice = new EngineChoice(ReasoningEngines.Llm, $"both engines returned the same {modelRows.Rows.Count} row(s)", true) };

        var differ = $"the engines disagree: the model's SQL returned {modelRows.Rows.Count} row(s) {ResultSetMatch.Show(modelRows.Rows)}, "
            + $"the offline engine's {offlineRows.Rows.Count} {ResultSetMatch.Show(offlineRows.Rows)}";
        return options.OnDisagreement.ToLowerInvariant() switch
        {
            ReasoningEngines.Offline => offline with { Choice = new EngineChoice(ReasoningEngines.Offline, differ + "; the offline engine is preferred (OnDisagreement)", false) },
            "refuse" => model with
            {
                Sql = null, Explanation = null, Parameters = null,
                Error = new ContractError("text-to-sql.disagreement", differ),
                Choice = new EngineChoice(ReasoningEngines.Llm, differ + "; refused (OnDisagreement)", false),
            },
            _ => model with { Choice = new EngineChoice(ReasoningEngines.Llm, differ + "; the model is preferred (OnDisagreement)", false) },
        };
    }
}
