using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>
/// The DataQuery plugin: answers <see cref="AskQuestionRequest"/> over the bus and <c>POST /api/query/ask</c> over HTTP,
/// lists its audit (<c>GET /api/query/audit</c>), keeps saved reports (<c>/api/query/reports</c>) that run on a cron
/// schedule and are delivered through the outbox.
/// </summary>
public sealed class DataQueryPlugin : IHubPlugin
{
    public const string ReportsCollection = "reports";

    public void Configure(IPluginBuilder builder)
    {
        var options = builder.Configuration.Get<DataQueryOptions>() ?? new DataQueryOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AskPipelineFactory>();
        builder.Services.AddSingleton<ReportService>();
        builder.Answer<AskQuestionRequest, AskQuestionReply, AskQuestionHandler>();
        builder.Handle<RunSavedReport, SavedReportRun?, RunSavedReportHandler>();

        builder.DefineRole(QueryScopes.AnalystRole, QueryScopes.Ask, QueryScopes.Audit, QueryScopes.Reports);
        builder.MapEndpoint(new PluginEndpoint("POST", "/api/query/ask", typeof(AskBody), AskAsync, "Ask a question about a data source.", QueryScopes.Ask));
        builder.MapEndpoint(new PluginEndpoint("GET", "/api/query/audit", null, AuditAsync, "Questions asked: user, as-of, engine, SQL, rows, latency, refusals; newest first. One's own unless one may read all.", QueryScopes.Audit));
        builder.MapEndpoint(new PluginEndpoint("GET", "/api/query/reports", null, (r, ct) => Reports(r).ListAsync(Caller(r), ct), "Saved reports (one's own unless one may manage all).", QueryScopes.Reports));
        builder.MapEndpoint(new PluginEndpoint("POST", "/api/query/reports", typeof(SavedReportBody), (r, ct) => Reports(r).CreateAsync((SavedReportBody)r.Body!, Caller(r), ct), "Save a report: question, cron, delivery; it runs as its creator.", QueryScopes.Reports));
        builder.MapEndpoint(new PluginEndpoint("GET", "/api/query/reports/{id}", null, (r, ct) => Reports(r).GetAsync(r.RouteValues["id"], Caller(r), ct), "One saved report.", QueryScopes.Reports));
        builder.MapEndpoint(new PluginEndpoint("PUT", "/api/query/reports/{id}", typeof(SavedReportBody), (r, ct) => Reports(r).UpdateAsync(r.RouteValues["id"], (SavedReportBody)r.Body!, Caller(r), ct), "Change a saved report (its owner or an admin).", QueryScopes.Reports));
        builder.MapEndpoint(new PluginEndpoint("DELETE", "/api/query/reports/{id}", null, (r, ct) => Reports(r).DeleteAsync(r.RouteValues["id"], Caller(r), ct), "Delete a saved report and its schedule (its owner or an admin).", QueryScopes.Reports));
    }

    public async Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        // Schedules live in the hub's scheduler store; this re-asserts them (idempotent) in case a report was saved
        // while its job could not be written.
        await context.Services.GetRequiredService<ReportService>().EnsureSchedulesAsync(cancellationToken);
    }

    private static ReportService Reports(EndpointRequest request) => request.Services.GetRequiredService<ReportService>();

    private static ReportCaller Caller(EndpointRequest request) => new(request.User, request.Can(QueryScopes.ReportsAll));

    private static async Task<EndpointResponse> AskAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var body = (AskBody)request.Body!;
        if (string.IsNullOrWhiteSpace(body.Question))
        {
            return EndpointResponse.BadRequest("A question is required.", new Dictionary<string, string[]> { ["question"] = ["required"] });
        }

        var pipeline = request.Services.GetRequiredService<AskPipelineFactory>().Create(request.Services.GetRequiredService<IPluginStore>());
        var reply = await pipeline.AskAsync(new AskQuestionRequest(body.Question, body.Source, request.User, body.AsOf, body.MaxRows, body.Chart), "http", cancellationToken);
        if (request.Query.TryGetValue("format", out var format) && reply.Chart is { } chart)
        {
            if (format == "svg" && chart.Svg is not null) return EndpointResponse.File(System.Text.Encoding.UTF8.GetBytes(chart.Svg), "image/svg+xml");
            if (format == "png" && chart.Png is not null) return EndpointResponse.File(chart.Png, "image/png");
        }

        if (reply.Error?.Code == AskPipeline.UnknownSource)
        {
            return new EndpointResponse(404, new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.5", title = "Unknown data source", status = 404, detail = reply.Error.Message, error = reply.Error });
        }

        var status = reply.Error is null ? 200 : reply.Error.Code.StartsWith("query.", StringComparison.Ordinal) ? 500 : 422;
        return new EndpointResponse(status, reply);
    }

    private static async Task<EndpointResponse> AuditAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var limit = request.Query.TryGetValue("limit", out var l) && int.TryParse(l, out var li) ? Math.Clamp(li, 1, 1000) : 100;
        var offset = request.Query.TryGetValue("offset", out var o) && int.TryParse(o, out var oi) ? Math.Max(0, oi) : 0;
        var store = request.Services.GetRequiredService<IPluginStore>();
        var items = await store.ListAsync<AuditRecord>(AskPipeline.AuditCollection, null, limit, offset, cancellationToken);
        var records = items.Select(i => i.Value);
        if (!request.Can(QueryScopes.AuditAll)) records = records.Where(r => string.Equals(r.User, request.User, StringComparison.OrdinalIgnoreCase));
        if (request.Query.TryGetValue("user", out var user)) records = records.Where(r => string.Equals(r.User, user, StringComparison.OrdinalIgnoreCase));
        if (request.Query.TryGetValue("outcome", out var outcome)) records = records.Where(r => string.Equals(r.Outcome, outcome, StringComparison.OrdinalIgnoreCase));
        return EndpointResponse.Ok(records.ToList());
    }
}

/// <summary>Builds a pipeline over the store of the current unit of work (a handler's <see cref="MessageContext.Store"/>, or the plugin store).</summary>
public sealed class AskPipelineFactory(IServiceProvider services, DataQueryOptions options)
{
    public AskPipeline Create(IPluginStore store) => new(
        services.GetRequiredService<IDataSources>(),
        services.GetRequiredService<IWorkerClient>(),
        store,
        options,
        services.GetService<IChartRenderer>(),
        services.GetService<TimeProvider>(),
        services.GetService<ILogger<AskPipeline>>());
}

public sealed class AskQuestionHandler(AskPipelineFactory factory) : IHandleRequest<AskQuestionRequest, AskQuestionReply>
{
    public Task<AskQuestionReply> HandleAsync(AskQuestionRequest request, MessageContext context, CancellationToken cancellationToken) =>
        factory.Create(context.Store).AskAsync(request, "bus", cancellationToken);
}
