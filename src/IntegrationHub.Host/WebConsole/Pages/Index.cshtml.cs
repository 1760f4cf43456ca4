using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>The overview: transport, health, outbox depth and oldest entry, queues, connected workers, errors of the last hour and plugins, kept live over server-sent events.</summary>
public sealed class IndexModel : ConsolePageModel
{
    public OverviewSnapshot Snapshot { get; private set; } = null!;

    /// <summary>An outbox entry's age as the live stream shows it (whole seconds); a dash when none is pending.</summary>
    public static string Age(TimeSpan? age) => age is { } a ? TimeSpan.FromSeconds(Math.Floor(a.TotalSeconds)).ToString() : "—";

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
