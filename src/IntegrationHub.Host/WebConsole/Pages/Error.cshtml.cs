using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Security;
using IntegrationHub.Host.Errors;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>One error with its reason, headers and body; replay (with the body as corrected here) and delete.</summary>
public sealed class ErrorModel : ConsolePageModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ErrorView? Error { get; private set; }

    public string BodyText { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.ErrorsRead, "view", $"error {id}") is { } refused)
        {
            return refused;
        }

        Error = await Services.GetRequiredService<ErrorReplayer>().GetAsync(id, cancellationToken);
        if (Error is null)
        {
            return NotFound();
        }

        BodyText = Error.Message is null ? "" : Secrets.Redact(Error.Message.ToJsonString(Indented));
        return Page();
    }

    public async Task<IActionResult> OnPostReplayAsync(Guid id, string? body, CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.ErrorsReplay, "replay", $"error {id}") is { } refused)
        {
            return refused;
        }

        JsonObject? corrected = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                corrected = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException e)
            {
                Notice = $"{Text["Replay"]}: {e.Message}";
                return RedirectToPage(new { id });
            }
        }

        var outcome = await Services.GetRequiredService<ErrorReplayer>().ReplayAsync(id, corrected, cancellationToken);
        Audit("replay", $"error {id}", $"{outcome.Status}: {outcome.Message}");
        Notice = $"{Text["Replay"]}: {outcome.Status} · {outcome.Message}";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.ErrorsDelete, "delete", $"error {id}") is { } refused)
        {
            return refused;
        }

        var deleted = await Services.GetRequiredService<ErrorReplayer>().DeleteAsync(id, cancellationToken);
        Audit("delete", $"error {id}", deleted ? "deleted" : "not found");
        Notice = $"{Text["Deleted"]}: {id}";
        return RedirectToPage("/Errors");
    }
}
