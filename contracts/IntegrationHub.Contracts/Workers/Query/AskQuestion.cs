using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Workers.Query;

/// <summary>
/// Ask the DataQuery plugin a question about a data source. Answered over the bus (the CLI's <c>hub ask</c>) and over
/// HTTP (<c>POST /api/query/ask</c>).
/// </summary>
/// <param name="Source">Data source name (<c>DataSources:{name}</c>); null = the plugin's default source.</param>
/// <param name="User">Whose permissions apply (row filters, hidden columns); null = the plugin's default user.</param>
/// <param name="AsOf">The date relative time is counted from; null = today.</param>
/// <param name="MaxRows">Rows to return at most (never more than the source's row limit).</param>
/// <param name="Chart">Also render a chart when the result has a category/time dimension and a measure.</param>
[MessageContract("query.ask")]
public sealed record AskQuestionRequest(
    string Question,
    string? Source = null,
    string? User = null,
    DateOnly? AsOf = null,
    int? MaxRows = null,
    bool Chart = false) : IRequest<AskQuestionReply>;

/// <param name="Sql">The validated SQL that ran (row limit included), or null when none did.</param>
/// <param name="Rows">Values as numbers, strings or null.</param>
/// <param name="Summary">One line saying what the result is.</param>
/// <param name="Engine"><c>offline</c> or <c>llm</c> (which generated the SQL).</param>
/// <param name="Error">Why there is no answer: a refusal (<c>sql.*</c>, <c>permission.*</c>, <c>question.*</c>) or a failure.</param>
/// <param name="AuditId">The audit record of this question.</param>
[MessageContract("query.ask-reply")]
public sealed record AskQuestionReply(
    string? Sql,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    bool Truncated,
    string? Summary,
    string? Engine,
    double LatencyMs,
    ContractError? Error = null,
    QueryChart? Chart = null,
    string? AuditId = null);

/// <summary>A chart of a result: what is drawn, and the drawing as SVG (always) and PNG (when the hub renders PNGs).</summary>
/// <param name="Kind"><c>bar</c> (category dimension) or <c>line</c> (time dimension).</param>
public sealed record QueryChart(string Kind, string Title, IReadOnlyList<string> Labels, IReadOnlyList<QuerySeries> Series, string? Svg = null, byte[]? Png = null);

public sealed record QuerySeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Published by a saved report's cron job: run report <see cref="ReportId"/> now and deliver it. Each firing is a new
/// message (idempotent by its message id, so a redelivered firing is delivered once).
/// </summary>
[MessageContract("query.run-report")]
public sealed record RunSavedReport(string ReportId);

/// <summary>
/// Optional host service that draws a <see cref="QueryChart"/> as PNG (native graphics stay in the host).
/// The DataQuery plugin uses it when its service provider offers one, and answers with SVG only otherwise.
/// </summary>
public interface IChartRenderer
{
    byte[] RenderPng(QueryChart chart, int width = 800, int height = 450);
}
