using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Host.Api;
using IntegrationHub.Storage.Audit;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>
/// A question about the business data, asked as <see cref="AskQuestionRequest"/> over the bus as the signed-in principal
/// (whichever plugin answers it applies that principal's data permissions and audits it), with the SQL that ran, the
/// result table and the chart; the principal's past questions (from the audit trail) to ask again, and "save as
/// scheduled report" through the answering plugin's own reports endpoint (DataQuery's <c>POST /api/query/reports</c>).
/// </summary>
public sealed class AskModel : ConsolePageModel
{
    /// <summary>The scope of asking questions, as the plugin that answers them (DataQuery) names it.</summary>
    public const string Scope = "query:ask";

    public const int PageSize = 20;

    /// <summary>The audit action of a question; past questions are the principal's latest ones.</summary>
    public const string AskAction = "ask";

    /// <summary>Where the plugin that answers questions keeps saved reports (DataQuery's endpoint).</summary>
    public const string ReportsEndpoint = "/api/query/reports";

    public const string DefaultCron = "0 0 8 * * ?";

    private const int PastQuestionsShown = 10;

    public IReadOnlyList<string> PastQuestions { get; private set; } = [];

    /// <summary>Whether a running plugin keeps saved reports and the principal may save one.</summary>
    public bool CanSaveReport { get; private set; }

    public IReadOnlyList<string> Connectors { get; private set; } = [];

    public string? Question { get; private set; }

    public DateOnly? AsOf { get; private set; }

    public AskQuestionReply? Reply { get; private set; }

    public string? Failure { get; private set; }

    public string? ChartSource { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Refuse(Scope, "view", "ask") is { } refused)
        {
            return refused;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string question, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (Refuse(Scope, "ask", "question") is { } refused)
        {
            return refused;
        }

        Question = question;
        AsOf = asOf;
        try
        {
            Reply = await Services.GetRequiredService<IWorkerClient>()
                .RequestAsync<AskQuestionRequest, AskQuestionReply>(new AskQuestionRequest(question, null, Principal, asOf, null, Chart: true), cancellationToken: cancellationToken);
            Failure = Reply.Error is { } error ? $"{error.Code}: {error.Message}" : null;
            // SVG first: the browser draws its text with the system's fonts (Chinese labels included).
            ChartSource = Reply.Chart switch
            {
                { Svg: { } svg } => $"data:image/svg+xml;base64,{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg))}",
                { Png: { } png } => $"data:image/png;base64,{Convert.ToBase64String(png)}",
                _ => null,
            };
        }
        catch (Exception e) when (e is TimeoutException or MassTransit.RequestFaultException)
        {
            Failure = e.Message;
        }

        Audit(AskAction, question, Failure ?? $"{Reply?.Rows.Count} rows");
        await LoadAsync(cancellationToken);
        if (!PastQuestions.Contains(question))
        {
            PastQuestions = [question, .. PastQuestions.Take(PastQuestionsShown - 1)];
        }

        return Page();
    }

    /// <summary>Saves the question as a report that runs on a cron schedule and is delivered through a connector, as the principal.</summary>
    public async Task<IActionResult> OnPostSaveReportAsync(string question, string? name, string? cron, string? connector, string? recipient, CancellationToken cancellationToken)
    {
        var client = Services.GetRequiredService<PluginEndpointClient>();
        var body = new
        {
            name = string.IsNullOrWhiteSpace(name) ? question : name.Trim(),
            question,
            cron = string.IsNullOrWhiteSpace(cron) ? DefaultCron : cron.Trim(),
            delivery = new { connector, operation = "message.send", target = recipient },
        };
        var response = await client.InvokeAsync(User, "POST", ReportsEndpoint, body, cancellationToken);
        var json = PluginEndpointClient.BodyOf(response);
        if (response.StatusCode == StatusCodes.Status403Forbidden)
        {
            Audit("save-report", question, "refused: " + json);
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var id = response.StatusCode == StatusCodes.Status201Created && json?.TryGetProperty("id", out var value) == true ? value.GetString() : null;
        Audit("save-report", question, id is not null ? $"saved: report {id}, cron {body.cron}, via {connector}" : $"failed: {response.StatusCode} {json}");
        Notice = id is not null ? $"{Text["ReportSaved"]}: {id}" : $"{Text["ReportNotSaved"]}: {json}";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var recent = await Services.GetRequiredService<AuditStore>().ListAsync(new AuditQuery(Principal, AskAction, Limit: 50), cancellationToken);
        PastQuestions = recent.Entries.Where(e => e.Allowed).Select(e => e.Target).Distinct(StringComparer.Ordinal).Take(PastQuestionsShown).ToList();
        CanSaveReport = Services.GetRequiredService<PluginEndpointClient>().Offers(User, "POST", ReportsEndpoint);
        Connectors = Services.GetService<IntegrationHub.Connectors.IConnectorRegistry>()?.Names ?? [];
    }

    public static string Format(object? cell) => cell switch
    {
        null => "",
        JsonElement { ValueKind: JsonValueKind.Number } number => number.GetDouble().ToString("#,0.##", CultureInfo.CurrentCulture),
        JsonElement element => element.ToString(),
        double d => d.ToString("#,0.##", CultureInfo.CurrentCulture),
        IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
        _ => cell.ToString() ?? "",
    };
}
