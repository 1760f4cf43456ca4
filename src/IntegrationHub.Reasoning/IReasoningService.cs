using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning;

/// <summary>
/// The reasoning worker's skills, in-process. Never throws for bad input or a failing model: the reply carries
/// a <see cref="IntegrationHub.Contracts.Messaging.ContractError"/> instead, and its meta says which engine answered.
/// </summary>
public interface IReasoningService
{
    /// <param name="tools">Database tools the LLM may call (<c>sample_values</c>, <c>run_explain</c>); when null the
    /// registered <see cref="ITextToSqlTools"/>, if any, is used.</param>
    Task<TextToSqlReply> TextToSqlAsync(TextToSqlRequest request, ITextToSqlTools? tools = null, CancellationToken cancellationToken = default);

    Task<ClassifyIntentReply> ClassifyIntentAsync(ClassifyIntentRequest request, CancellationToken cancellationToken = default);

    Task<SummarizeReply> SummarizeAsync(SummarizeRequest request, CancellationToken cancellationToken = default);

    Task<DraftReply> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// Tools over the caller's database that the text-to-SQL model may call while it writes a query.
/// Implementations must be read-only and bounded (row caps, timeouts): the model chooses the arguments.
/// </summary>
public interface ITextToSqlTools
{
    /// <summary>A few distinct values of <paramref name="table"/>.<paramref name="column"/>.</summary>
    Task<IReadOnlyList<string>> SampleValuesAsync(string table, string column, CancellationToken cancellationToken);

    /// <summary>The database's plan for <paramref name="sql"/>, or its error message: never the rows.</summary>
    Task<string> ExplainAsync(string sql, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one read-only query (already past the worker's validator) and returns at most <paramref name="maxRows"/> rows,
    /// to check the model's SQL against the database and compare it with the offline engine's; throws with the
    /// database's message when the query fails; throws <see cref="NotSupportedException"/> when these tools cannot run
    /// queries (the answer is then neither checked nor compared by execution). Never offered to the model.
    /// </summary>
    Task<QueryResult> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken);
}

/// <summary>
/// The offline (no model server) text-to-SQL engine; by default <c>IntegrationHub.Reasoning.TextToSql</c>'s, adapted.
/// Deterministic; answers with a reply carrying an error when it cannot translate the question.
/// </summary>
public interface IOfflineTextToSql
{
    /// <summary>Engine name and version for <see cref="ReasoningMeta.Model"/>, for example <c>offline-sql/1</c>.</summary>
    string Version { get; }

    Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken);
}
