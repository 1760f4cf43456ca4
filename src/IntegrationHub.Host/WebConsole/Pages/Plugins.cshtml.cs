using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>Plugins with their state, handled messages, endpoints and last failure; reload for those who may.</summary>
public sealed class PluginsModel : ConsolePageModel
{
    public IReadOnlyList<PluginStatus> Plugins { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (Refuse(HubScopes.PluginsRead, "view", "plugins") is { } refused)
        {
            return refused;
        }

        Plugins = Services.GetRequiredService<PluginManager>().List();
        return Page();
    }

    public async Task<IActionResult> OnPostReloadAsync(string name, CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.PluginsReload, "reload", $"plugin {name}") is { } refused)
        {
            return refused;
        }

        try
        {
            var status = await Services.GetRequiredService<PluginManager>().ReloadAsync(name, cancellationToken);
            Audit("reload", $"plugin {name}", status.State);
            Notice = $"{Text["Reloaded"]}: {name} {status.Version} · {status.State}";
        }
        catch (KeyNotFoundException)
        {
            Audit("reload", $"plugin {name}", "not found");
            return NotFound();
        }

        return RedirectToPage();
    }
}
