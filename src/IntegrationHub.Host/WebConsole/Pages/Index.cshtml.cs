using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>The overview: transport, health, outbox depth, errors of the last hour and plugins, kept live over server-sent events.</summary>
public sealed class IndexModel : ConsolePageModel
{
    public OverviewSnapshot Snapshot { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.MetricsRead, "view", "overview") is { } refused)
        {
            return refused;
        }

        Snapshot = await Services.GetRequiredService<OverviewReader>().ReadAsync(cancellationToken);
        return Page();
    }
}
