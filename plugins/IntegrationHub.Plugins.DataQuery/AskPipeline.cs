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
        if (Screen(question, request.Source, audit) is { } refused) return Failure(refused, audit, watch);
        var scope = await ScopeAsync(request.Source, request.MaxRows, user, audit, cancellationToken);
        if (scope.Guard.HiddenColumnNamed(question, scope.FullCatalog, scope.Layer) is { } hidden) return Failure(hidden, audit, watch);
        if (await scope.Guard.NamedKeyOutsideScopeAsync(scope.Source, question, scope.FullCatalog, cancellationToken) is { } namedOutside) return Failure(namedOutside, audit, watch);

        SqlRepairHint? repair = null;
        for (var round = 0; ; round++)
        {
            var attempt = await AttemptAsync(request with { Question = question }, scope, asOf, repair, round, audit, watch, cancellationToken);
            if (attempt.Reply is not null) return attempt.Reply;
            repair = attempt.Repair;
        }
    }

    /// <summary>What is refused before any SQL is asked for: an empty or too long question, an unknown source.</summary>
    private ContractError? Screen(string question, string? source, AuditDraft audit)
    {
        if (question.Length == 0) return new ContractError("question.empty", "The question is empty.");
        if (question.Length > options.MaxQuestionLength)
        {
            audit.Question = question[..200] + $"… ({question.Length} characters)";
            return new ContractError("question.too-long", $"The question is {question.Length} characters long; at most {options.MaxQuestionLength} are accepted.");
        }

        if (!string.IsNullOrWhiteSpace(source) && !dataSources.List().Any(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase)))
        {
            return new ContractError(UnknownSource, $"No data source '{source}'. Sources: {string.Join(", ", dataSources.List().Select(s => s.Name))}.");
        }

        return null;
    }

    private async Task<AskScope> ScopeAsync(string? requestedSource, int? maxRows, string user, AuditDraft audit, CancellationToken cancellationToken)
    {
        var info = ResolveSource(requestedSource);
        var source = info.Name;
        audit.Source = source;
        var policy = options.Access.For(user);
        var fullCatalog = await dataSources.GetCatalogAsync(source, false, cancellationToken);
        var layer = dataSources is ISemanticLayerSource semantic ? await semantic.GetSemanticLayerAsync(source, cancellationToken) : null;
        var rowLimit = Math.Max(1, Math.Min(maxRows ?? options.RowLimit, Math.Min(options.RowLimit, info.RowLimit)));
        // The validator knows the whole catalog so that a hidden column is refused as such, not as unknown.
        return new AskScope(source, fullCatalog, Visible(fullCatalog, policy), layer, rowLimit, new SqlValidator(fullCatalog, policy), new ScopeGuard(dataSources, policy));
    }

    /// <summary>One round: SQL from the reasoning worker, validated, scope-checked and run. An LLM's first SQL that fails to parse or run gets one repair round.</summary>
    private async Task<Attempt> AttemptAsync(AskQuestionRequest request, AskScope scope, DateOnly asOf, SqlRepairHint? repair, int round, AuditDraft audit, Stopwatch watch, CancellationToken cancellationToken)
    {
        var textToSql = new TextToSqlRequest(request.Question, scope.Catalog, asOf, scope.Layer, null, repair);
        var reply = await workers.RequestAsync<TextToSqlRequest, TextToSqlReply>(textToSql, TimeSpan.FromSeconds(options.WorkerTimeoutSeconds), cancellationToken);
        audit.Engine = reply.Meta.Engine;
        audit.Repaired = repair is not null;
        if (reply.Error is not null || string.IsNullOrWhiteSpace(reply.Sql))
        {
            return Attempt.Done(Failure(reply.Error ?? new ContractError("sql.empty", "No SQL could be produced for this question."), audit, watch));
        }

        audit.Sql = reply.Sql;
        var canRepair = round == 0 && reply.Meta.Engine == ReasoningEngines.Llm;
        ValidatedQuery validated;
        try
        {
            validated = scope.Validator.Validate(reply.Sql, scope.RowLimit, reply.Parameters);
        }
        catch (SqlRefusedException e)
        {
            return canRepair && e.Code is "sql.parse" or "sql.unknown-column" or "sql.unknown-table" or "sql.function-not-allowed"
                ? Attempt.Retry(new SqlRepairHint(reply.Sql, e.Message))
                : Attempt.Done(Failure(new ContractError(e.Code, e.Message), audit, watch));
        }

        audit.Sql = validated.Sql;
        if (await scope.Guard.OutsideScopeAsync(scope.Source, validated, scope.FullCatalog, scope.Layer, cancellationToken) is { } outside)
        {
            return Attempt.Done(Failure(outside, audit, watch) with { Sql = validated.Sql });
        }

        audit.ExecutedSql = validated.ExecutableSql;
        QueryResult result;
        try
        {
            result = await dataSources.QueryAsync(scope.Source, validated.ExecutableSql, validated.Parameters, scope.RowLimit, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not TimeoutException)
        {
            if (canRepair && e is not UnauthorizedAccessException) return Attempt.Retry(new SqlRepairHint(reply.Sql, e.Message));
            var error = e is UnauthorizedAccessException ? new ContractError("sql.refused-by-database", e.Message) : new ContractError("sql.execution", e.Message);
            return Attempt.Done(Failure(error, audit, watch) with { Sql = validated.Sql });
        }

        audit.RowCount = result.Rows.Count;
        var summary = AnswerText.Summarize(request.Question, result);
        var chart = request.Chart ? Chart(request.Question, result) : null;
        return Attempt.Done(new AskQuestionReply(validated.Sql, result.Columns, result.Rows, result.Truncated, summary, reply.Meta.Engine, watch.Elapsed.TotalMilliseconds, null, chart));
    }

    private QueryChart? Chart(string question, QueryResult result)
    {
        if (ChartBuilder.Build(question, result) is not { } spec) return null;
        var chart = spec with { Svg = SvgChart.Render(spec) };
        if (chartRenderer is null) return chart;
        try
        {
            return chart with { Png = chartRenderer.RenderPng(chart) };
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "PNG chart rendering failed; answering with SVG only");
            return chart;
        }
    }

    private DataSourceInfo ResolveSource(string? requested)
    {
        var sources = dataSources.List();
        var named = string.IsNullOrWhiteSpace(requested) ? options.DefaultSource : requested;
        if (!string.IsNullOrWhiteSpace(named))
        {
            return sources.FirstOrDefault(s => string.Equals(s.Name, named, StringComparison.OrdinalIgnoreCase))
                ?? throw new KeyNotFoundException($"No data source '{named}' is registered.");
        }

        return sources.Count switch
        {
            1 => sources[0],
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

    private sealed record AskScope(string Source, DatabaseCatalog FullCatalog, DatabaseCatalog Catalog, SemanticLayer? Layer, int RowLimit, SqlValidator Validator, ScopeGuard Guard);

    /// <summary>A round's outcome: the reply to give, or the hint to repair with in another round.</summary>
    private sealed record Attempt(AskQuestionReply? Reply, SqlRepairHint? Repair)
    {
        public static Attempt Done(AskQuestionReply reply) => new(reply, null);

        public static Attempt Retry(SqlRepairHint repair) => new(null, repair);
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
