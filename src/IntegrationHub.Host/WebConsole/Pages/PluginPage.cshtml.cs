using System.Diagnostics.CodeAnalysis;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Storage.Outbox;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>
/// A page a plugin declares (<see cref="ConsolePage"/>): the plugin builds the view inside a lease on its current load
/// (a reload waits for it), the console renders it; outbox deliveries it names are read here. The files a view names
/// (images, downloads) come from the page's <see cref="ConsolePage.Files"/> through <c>?handler=file&amp;name=</c>, under
/// the same sign-in and scope, sandboxed so a served document can run nothing in the console's origin.
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

    private string PageHref(string? page = null) => $"/p/{Uri.EscapeDataString(Plugin)}/{Uri.EscapeDataString(page ?? Path)}";

    /// <summary>A detail of this page, or of another page of the same plugin.</summary>
    public string DetailHref(string id, string? page = null) => $"{PageHref(page)}/{Uri.EscapeDataString(id)}";

    public string LinkHref(ConsoleLink link) =>
        (link.Id is null ? PageHref(link.Page) : DetailHref(link.Id, link.Page)) + QueryString.Create(link.Query.Select(q => KeyValuePair.Create(q.Key, (string?)q.Value)));

    public string FileHref(string name) => PageHref() + QueryString.Create([KeyValuePair.Create("handler", (string?)"file"), KeyValuePair.Create("name", (string?)name)]);

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!TryResolve(id, out var runtime, out var page, out var failure))
        {
            return failure;
        }

        try
        {
            View = await RunAsync(runtime, (services, ct) => page.Render(PageRequest(id, services), ct), cancellationToken);
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

    public async Task<IActionResult> OnGetFileAsync(string name, CancellationToken cancellationToken)
    {
        if (!TryResolve($"file:{name}", out var runtime, out var page, out var failure))
        {
            return failure;
        }

        if (page.Files is not { } files)
        {
            return NotFound();
        }

        ConsoleFile? file;
        try
        {
            file = await RunAsync(runtime, (services, ct) => files(PageRequest(null, services), name, ct), cancellationToken);
        }
        catch (PluginUnavailableException)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (file is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
        return file.DownloadName is null ? File(file.Content, file.ContentType) : File(file.Content, file.ContentType, file.DownloadName);
    }

    /// <summary>The running plugin and its page; else the 404, or the audited 403 when the principal lacks the page's scope.</summary>
    private bool TryResolve(string? target, [NotNullWhen(true)] out PluginRuntime? runtime, [NotNullWhen(true)] out ConsolePage? page, [NotNullWhen(false)] out IActionResult? failure)
    {
        (runtime, page, failure) = (null, null, null);
        if (Services.GetRequiredService<ConsoleMenu>().Find(Plugin, Path) is not { } found)
        {
            failure = NotFound();
            return false;
        }

        failure = Refuse(found.Page.Scope, "view", $"{Plugin}/{Path}/{target}");
        (runtime, page) = failure is null ? found : (null, null);
        return failure is null;
    }

    private ConsolePageRequest PageRequest(string? id, IServiceProvider services) =>
        new(id, Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), Principal, services, Chinese);

    private static async Task<T> RunAsync<T>(PluginRuntime runtime, Func<IServiceProvider, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        using var lease = await runtime.EnterAsync(cancellationToken);
        return await run(lease.Plugin.Services, cancellationToken);
    }
}
