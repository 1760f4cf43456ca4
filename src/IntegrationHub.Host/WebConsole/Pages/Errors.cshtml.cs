using IntegrationHub.Host.Errors;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>The error store, filtered by queue (plugin or connector), message type and age; replay of a selection.</summary>
public sealed class ErrorsModel : ConsolePageModel
{
    private const int Limit = 500;

    [BindProperty(SupportsGet = true)]
    public string? Endpoint { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Hours { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<ErrorView> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.ErrorsRead, "view", "errors") is { } refused)
        {
            return refused;
        }

        var since = Hours is > 0 ? DateTimeOffset.UtcNow.AddHours(-Hours.Value) : DateTimeOffset.MinValue;
        var errors = await Services.GetRequiredService<ErrorReplayer>().ListAsync(All, Limit, cancellationToken);
        Errors = errors
            .Where(e => string.IsNullOrEmpty(Endpoint) || e.Endpoint.Contains(Endpoint, StringComparison.OrdinalIgnoreCase))
            .Where(e => string.IsNullOrEmpty(Type) || e.MessageType.Contains(Type, StringComparison.OrdinalIgnoreCase))
            .Where(e => e.CreatedAt >= since)
            .ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostReplaySelectedAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.ErrorsReplay, "replay", $"{ids.Length} errors") is { } refused)
        {
            return refused;
        }

        var replayer = Services.GetRequiredService<ErrorReplayer>();
        var outcomes = new List<ReplayOutcome>();
        foreach (var id in ids)
        {
            var outcome = await replayer.ReplayAsync(id, null, cancellationToken);
            Audit("replay", $"error {id}", $"{outcome.Status}: {outcome.Message}");
            outcomes.Add(outcome);
        }

        Notice = $"{Text["Replay"]}: {outcomes.Count(o => o.Status == ReplayStatus.Replayed)}/{outcomes.Count}"
            + string.Concat(outcomes.Where(o => o.Status != ReplayStatus.Replayed).Select(o => $"; {o.Id}: {o.Message}"));
        return RedirectToPage();
    }
}
