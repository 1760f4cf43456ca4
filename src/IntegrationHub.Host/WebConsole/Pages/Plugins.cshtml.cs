using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>
/// Plugins with their state, handled messages, endpoints, schedules with next fire time and last failure; reload,
/// disable and enable for those who may (<c>plugins:reload</c>).
/// </summary>
public sealed class PluginsModel : ConsolePageModel
{
    public IReadOnlyList<PluginStatus> Plugins { get; private set; } = [];

    public IReadOnlyDictionary<string, PluginSchedules> Schedules { get; private set; } = new Dictionary<string, PluginSchedules>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Refuse(HubScopes.PluginsRead, "view", "plugins") is { } refused)
        {
            return refused;
        }

        Plugins = Services.GetRequiredService<PluginManager>().List();
        var schedules = Services.GetRequiredService<PluginJobSchedules>();
        var byPlugin = new Dictionary<string, PluginSchedules>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in Plugins)
        {
            byPlugin[plugin.Name] = await schedules.ListAsync(plugin.Name, cancellationToken);
        }

        Schedules = byPlugin;
        return Page();
    }

    public Task<IActionResult> OnPostReloadAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync("reload", name, "Reloaded", plugins => plugins.ReloadAsync(name, cancellationToken));

    public Task<IActionResult> OnPostDisableAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync("disable", name, "DisabledNotice", plugins => plugins.DisableAsync(name, cancellationToken));

    public Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync("enable", name, "EnabledNotice", plugins => plugins.EnableAsync(name, cancellationToken));

    /// <summary>One checked, audited change of a plugin's life; its outcome is the notice after the redirect.</summary>
    private async Task<IActionResult> ChangeAsync(string action, string name, string notice, Func<PluginManager, Task<PluginStatus>> change)
    {
        if (Refuse(HubScopes.PluginsReload, action, $"plugin {name}") is { } refused)
        {
            return refused;
        }

        try
        {
            var status = await change(Services.GetRequiredService<PluginManager>());
            Audit(action, $"plugin {name}", status.State);
            Notice = $"{Text[notice]}: {name} {status.Version} · {status.State}";
        }
        catch (KeyNotFoundException)
        {
            Audit(action, $"plugin {name}", "not found");
            return NotFound();
        }
        catch (PluginDisabledException e)
        {
            Audit(action, $"plugin {name}", "refused: " + e.Message);
            Notice = e.Message;
        }

        return RedirectToPage();
    }
}
