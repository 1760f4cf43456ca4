using System.Diagnostics;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Plugins.DataQuery.Sql;
using IntegrationHub.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>
/// question + user + as-of → catalog and semantic layer → SQL from the reasoning worker → validation →
/// permission rewrite → read-only execution → answer (rows, summary, chart), every question audited.
/// The model (or offline engine) only proposes SQL; what runs is decided here.
/// </summary>
public sealed class AskPipeline(
    IDataSources dataSources,
    IWorkerClient workers,
    IPluginStore store,
    DataQueryOptions options,
    IChartRenderer? chartRenderer = null,
    TimeProvider? time = null,
    ILogger<AskPipeline>? logger = null)
{
    public const string AuditCollection = "audit";

    /// <summary>The error code of a question that names a data source the hub does not have (HTTP 404).</summary>
    public const string UnknownSource = "source.unknown";
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<AskQuestionReply> AskAsync(AskQuestionRequest request, string channel, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var user = string.IsNullOrWhiteSpace(request.User) ? options.DefaultUser : request.User!;
        var asOf = request.AsOf ?? DateOnly.FromDateTime(_time.GetLocalNow().Date);
        var question = request.Question ?? "";
        var audit = new AuditDraft(user, question, asOf, channel);
        try
        {
            var reply = await AnswerAsync(request with { Question = question }, user, asOf, audit, watch, cancellationToken);
            return reply with { AuditId = await WriteAuditAsync(audit, reply, watch, cancellationToken) };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "Question by {User} failed", user);
            var reply = Failure(new ContractError(e is TimeoutException ? "query.timeout" : "query.failed", e.Message), audit, watch);
            return reply with { AuditId = await WriteAuditAsync(audit, reply, watch, cancellationToken) };
        }
    }

    private async Task<AskQuestionReply> AnswerAsync(AskQuestionRequest request, string user, DateOnly asOf, AuditDraft audit, Stopwatch watch, CancellationToken cancellationToken)
    {
        var question = request.Question.Trim();
        if (question.Length == 0) return Failure(new ContractError("question.empty", "The question is empty."), audit, watch);
        if (question.Length > options.MaxQuestionLength)
        {
            audit.Question = question[..200] + $"… ({question.Length} characters)";
            return Failure(new ContractError("question.too-long", $"The question is {question.Length} characters long; at most {options.MaxQuestionLength} are accepted."), audit, watch);
        }

        if (!string.IsNullOrWhiteSpace(request.Source) && !dataSources.List().Any(s => string.Equals(s.Name, request.Source, StringComparison.OrdinalIgnoreCase)))
        {
            return Failure(new ContractError(UnknownSource, $"No data source '{request.Source}'. Sources: {string.Join(", ", dataSources.List().Select(s => s.Name))}."), audit, watch);
        }

        var source = ResolveSource(request.Source);
        audit.Source = source;
        var info = dataSources.List().First(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase));
        var policy = options.Access.For(user);
        var fullCatalog = await dataSources.GetCatalogAsync(source, false, cancellationToken);
        var catalog = Visible(fullCatalog, policy);
        var layer = dataSources is ISemanticLayerSource semantic ? await semantic.GetSemanticLayerAsync(source, cancellationToken) : null;
        var rowLimit = Math.Max(1, Math.Min(request.MaxRows ?? options.RowLimit, Math.Min(options.RowLimit, info.RowLimit)));
        // The validator knows the whole catalog so that a hidden column is refused as such, not as unknown.
        var validator = new SqlValidator(fullCatalog, policy);
        var guard = new ScopeGuard(dataSources, policy);
        if (guard.HiddenColumnNamed(question, fullCatalog, layer) is { } hidden) return Failure(hidden, audit, watch);
        if (await guard.NamedKeyOutsideScopeAsync(source, question, fullCatalog, cancellationToken) is { } namedOutside) return Failure(namedOutside, audit, watch);

        SqlRepairHint? repair = null;
        for (var round = 0; ; round++)
        {
            var textToSql = new TextToSqlRequest(question, catalog, asOf, layer, null, repair);
            var reply = await workers.RequestAsync<TextToSqlRequest, TextToSqlReply>(textToSql, TimeSpan.FromSeconds(options.WorkerTimeoutSeconds), cancellationToken);
            audit.Engine = reply.Meta.Engine;
            audit.Repaired = repair is not null;
            if (reply.Error is not null || string.IsNullOrWhiteSpace(reply.Sql))
            {
                return Failure(reply.Error ?? new ContractError("sql.empty", "No SQL could be produced for this question."), audit, watch);
            }

            audit.Sql = reply.Sql;
            var canRepair = round == 0 && reply.Meta.Engine == ReasoningEngines.Llm;
            ValidatedQuery validated;
            try
            {
                validated = validator.Validate(reply.Sql, rowLimit, reply.Parameters);
            }
            catch (SqlRefusedException e)
            {
                if (canRepair && e.Code is "sql.parse" or "sql.unknown-column" or "sql.unknown-table" or "sql.function-not-allowed")
                {
                    repair = new SqlRepairHint(reply.Sql, e.Message);
                    continue;
                }

                return Failure(new ContractError(e.Code, e.Message), audit, watch);
            }

            audit.Sql = validated.Sql;
            if (await guard.OutsideScopeAsync(source, validated, fullCatalog, layer, cancellationToken) is { } outside) return Failure(outside, audit, watch) with { Sql = validated.Sql };
            audit.ExecutedSql = validated.ExecutableSql;
            QueryResult result;
            try
            {
                result = await dataSources.QueryAsync(source, validated.ExecutableSql, validated.Parameters, rowLimit, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not TimeoutException && e is not UnauthorizedAccessException)
            {
                if (canRepair)
                {
                    repair = new SqlRepairHint(reply.Sql, e.Message);
                    continue;
                }

                return Failure(new ContractError("sql.execution", e.Message), audit, watch) with { Sql = validated.Sql };
            }
            catch (UnauthorizedAccessException e)
            {
                return Failure(new ContractError("sql.refused-by-database", e.Message), audit, watch) with { Sql = validated.Sql };
            }

            audit.RowCount = result.Rows.Count;
            var summary = AnswerText.Summarize(question, result);
            QueryChart? chart = null;
            if (request.Chart && ChartBuilder.Build(question, result) is { } spec)
            {
                chart = spec with { Svg = SvgChart.Render(spec) };
                if (chartRenderer is not null)
                {
                    try
                    {
                        chart = chart with { Png = chartRenderer.RenderPng(chart) };
                    }
                    catch (Exception e)
                    {
                        _logger.LogWarning(e, "PNG chart rendering failed; answering with SVG only");
                    }
                }
            }

            return new AskQuestionReply(validated.Sql, result.Columns, result.Rows, result.Truncated, summary, reply.Meta.Engine, watch.Elapsed.TotalMilliseconds, null, chart);
        }
    }

    private string ResolveSource(string? requested)
    {
        var sources = dataSources.List();
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return sources.Any(s => string.Equals(s.Name, requested, StringComparison.OrdinalIgnoreCase))
                ? requested!
                : throw new KeyNotFoundException($"No data source '{requested}' is registered.");
        }

        if (!string.IsNullOrWhiteSpace(options.DefaultSource)) return options.DefaultSource!;
        return sources.Count switch
        {
            1 => sources[0].Name,
            0 => throw new KeyNotFoundException("The hub has no data source configured (DataSources section)."),
            _ => throw new KeyNotFoundException($"Several data sources are registered ({string.Join(", ", sources.Select(s => s.Name))}); name one."),
        };
    }

    /// <summary>The catalog as this user may see it: the model is never shown hidden tables or columns.</summary>
    internal static DatabaseCatalog Visible(DatabaseCatalog catalog, AccessPolicy policy)
    {
        if (policy.DeniedColumns.Count == 0 && policy.DeniedTables.Count == 0) return catalog;
        var tables = catalog.Tables
            .Where(t => !policy.DeniedTables.Contains(t.Name))
            .Select(t => t with
            {
                Columns = t.Columns.Where(c => !policy.IsDenied(t.Name, c.Name)).ToList(),
                ForeignKeys = t.ForeignKeys.Where(f => !policy.DeniedTables.Contains(f.ReferencedTable)).ToList(),
            })
            .ToList();
        return catalog with { Tables = tables };
    }

    private static AskQuestionReply Failure(ContractError error, AuditDraft audit, Stopwatch watch)
    {
        audit.Error = error;
        return new AskQuestionReply(null, [], [], false, error.Message, audit.Engine, watch.Elapsed.TotalMilliseconds, error);
    }

    private async Task<string?> WriteAuditAsync(AuditDraft audit, AskQuestionReply reply, Stopwatch watch, CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var id = $"{at:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}"[..26];
        var outcome = reply.Error is null ? "answered" : reply.Error.Code.StartsWith("query.", StringComparison.Ordinal) ? "failed" : "refused";
        var record = new AuditRecord(id, at, audit.User, audit.Source ?? "", audit.Question, audit.AsOf, audit.Engine, audit.Sql, audit.ExecutedSql,
            audit.RowCount, watch.Elapsed.TotalMilliseconds, outcome, reply.Error?.Code, reply.Error?.Message, audit.Repaired, audit.Channel);
        try
        {
            await store.PutAsync(AuditCollection, id, record, null, CancellationToken.None);
            return id;
        }
        catch (Exception e)
        {
            // An answer is still an answer when the audit store is down; the failure is logged loudly.
            _logger.LogError(e, "Audit record for a question by {User} could not be stored", audit.User);
            return null;
        }
    }

    private sealed class AuditDraft(string user, string question, DateOnly asOf, string channel)
    {
        public string User { get; } = user;
        public string Question { get; set; } = question;
        public DateOnly AsOf { get; } = asOf;
        public string Channel { get; } = channel;
        public string? Source { get; set; }
        public string? Engine { get; set; }
        public string? Sql { get; set; }
        public string? ExecutedSql { get; set; }
        public int RowCount { get; set; }
        public bool Repaired { get; set; }
        public ContractError? Error { get; set; }
    }
}
