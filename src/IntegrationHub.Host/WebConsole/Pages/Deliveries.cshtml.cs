using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage.Outbox;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>Outbox deliveries per connector with their request, tries and next retry; retry now for those who may.</summary>
public sealed class DeliveriesModel : ConsolePageModel
{
    private const int Limit = 200;

    [BindProperty(SupportsGet = true)]
    public string? Connector { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Correlation { get; set; }

    public IReadOnlyList<string> Connectors { get; private set; } = [];

    public DeliveryList List { get; private set; } = new([], false, null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.DeliveriesRead, "view", "deliveries") is { } refused)
        {
            return refused;
        }

        var store = Services.GetRequiredService<DeliveryOutboxStore>();
        var entries = await store.ListAsync(NullIfEmpty(Connector), NullIfEmpty(Correlation), Limit, cancellationToken);
        Connectors = (await store.ListAsync(null, null, Limit, cancellationToken)).Select(e => e.Delivery.Connector).Distinct().Order(StringComparer.Ordinal).ToList();
        List = For(HttpContext, entries);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.DeliveriesRetry, "retry", $"delivery {id}") is { } refused)
        {
            return refused;
        }

        var store = Services.GetRequiredService<DeliveryOutboxStore>();
        var queued = await store.RetryNowAsync(id, cancellationToken) || await store.RequeueAsync(id, cancellationToken);
        if (queued)
        {
            Services.GetRequiredService<OutboxSignal>().Notify();
        }

        Audit("retry", $"delivery {id}", queued ? "queued" : "not pending nor failed");
        Notice = queued ? $"{Text["RetryQueued"]}: {id}" : $"{Text["NotFound"]}: {id}";
        return RedirectToPage();
    }

    /// <summary>The list as shown to the current principal (retry buttons only for those who may retry).</summary>
    internal static DeliveryList For(HttpContext http, IReadOnlyList<OutboxEntry> entries)
    {
        var canRetry = http.RequestServices.GetRequiredService<ConsoleMenu>().Allows(http.User, HubScopes.DeliveriesRetry);
        var token = canRetry ? http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken : null;
        return new DeliveryList(entries, canRetry, token);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
