using IntegrationHub.Host.Security;
using IntegrationHub.Storage.Audit;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>The audit trail for admins: every console and API action, filtered by principal, action and time, paged.</summary>
public sealed class AuditModel : ConsolePageModel
{
    public const string Scope = HubScopes.AuditRead;

    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Entries { get; private set; } = new([], false);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Refuse(Scope, "view", "audit") is { } refused)
        {
            return refused;
        }

        PageNumber = Math.Max(1, PageNumber);
        var query = new AuditQuery(
            string.IsNullOrWhiteSpace(Who) ? null : Who.Trim(),
            string.IsNullOrWhiteSpace(Action) ? null : Action.Trim(),
            From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            PageSize,
            (PageNumber - 1) * PageSize);
        Entries = await Services.GetRequiredService<AuditStore>().ListAsync(query, cancellationToken);
        return Page();
    }

    /// <summary>This page's filters with another page number.</summary>
    public string Link(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["who"] = Who,
        ["action"] = Action,
        ["from"] = From?.ToString("yyyy-MM-dd"),
        ["to"] = To?.ToString("yyyy-MM-dd"),
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
