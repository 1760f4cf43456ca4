using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Storage.Outbox;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>
/// A page a plugin declares (<see cref="ConsolePage"/>): the plugin builds the view inside a lease on its current load
/// (a reload waits for it), the console renders it; outbox deliveries it names are read here.
/// </summary>
public sealed class PluginPageModel : ConsolePageModel
{
    private const int DeliveryLimit = 100;

    [FromRoute]
    public string Plugin { get; set; } = "";

    [FromRoute]
    public string Path { get; set; } = "";

    public ConsoleView? View { get; private set; }

    public Dictionary<string, DeliveryList> Deliveries { get; } = new(StringComparer.Ordinal);

    public string DetailHref(string id) => $"/p/{Uri.EscapeDataString(Plugin)}/{Uri.EscapeDataString(Path)}/{Uri.EscapeDataString(id)}";

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (Services.GetRequiredService<ConsoleMenu>().Find(Plugin, Path) is not { } found)
        {
            return NotFound();
        }

        var (runtime, page) = found;
        if (Refuse(page.Scope, "view", $"{Plugin}/{Path}/{id}") is { } refused)
        {
            return refused;
        }

        try
        {
            using var lease = await runtime.EnterAsync(cancellationToken);
            var query = Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            View = await page.Render(new ConsolePageRequest(id, query, Principal, lease.Plugin.Services, Chinese), cancellationToken);
        }
        catch (PluginUnavailableException)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (View is null)
        {
            return NotFound();
        }

        var store = Services.GetRequiredService<DeliveryOutboxStore>();
        foreach (var key in View.Blocks.OfType<ConsoleDeliveries>().Select(d => d.CorrelationKey).Distinct())
        {
            Deliveries[key] = DeliveriesModel.For(HttpContext, await store.ListAsync(null, key, DeliveryLimit, cancellationToken));
        }

        return Page();
    }
}
