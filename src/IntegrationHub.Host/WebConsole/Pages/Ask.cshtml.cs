using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>
/// A question about the business data, asked as <see cref="AskQuestionRequest"/> over the bus as the signed-in principal
/// (whichever plugin answers it applies that principal's data permissions and audits it), with the SQL that ran, the
/// result table and the chart.
/// </summary>
public sealed class AskModel : ConsolePageModel
{
    /// <summary>The scope of asking questions, as the plugin that answers them (DataQuery) names it.</summary>
    public const string Scope = "query:ask";

    public const int PageSize = 20;

    public string? Question { get; private set; }

    public DateOnly? AsOf { get; private set; }

    public AskQuestionReply? Reply { get; private set; }

    public string? Failure { get; private set; }

    public string? ChartSource { get; private set; }

    public IActionResult OnGet() => Refuse(Scope, "view", "ask") ?? Page();

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

        Audit("ask", question, Failure ?? $"{Reply?.Rows.Count} rows");
        return Page();
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
