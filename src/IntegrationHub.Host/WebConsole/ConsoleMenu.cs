using System.Security.Claims;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.WebConsole;

/// <summary>A plugin's console page as the menu shows it.</summary>
public sealed record ConsoleMenuEntry(string PluginId, string Path, string Title, string TitleZh, string Scope)
{
    public string Href => $"/p/{Uri.EscapeDataString(PluginId)}/{Uri.EscapeDataString(Path)}";
}

/// <summary>
/// What a principal may do in the console and which plugin pages it sees: asked of <see cref="AccessControl"/> and of
/// the running plugins at every request (a reloaded plugin's pages change with it).
/// </summary>
public sealed class ConsoleMenu
{
    private readonly PluginManager _plugins;
    private readonly AccessControl _access;

    internal ConsoleMenu(PluginManager plugins, AccessControl access)
    {
        _plugins = plugins;
        _access = access;
    }

    public bool Allows(ClaimsPrincipal user, string scope) => _access.Allows(user, scope);

    public IReadOnlyList<ConsoleMenuEntry> PluginPages(ClaimsPrincipal user) =>
        _plugins.Runtimes
            .Where(r => r.Current is not null)
            .SelectMany(r => r.Current!.ConsolePages.Select(p => new ConsoleMenuEntry(r.Manifest.Id, p.Path, p.Title, p.TitleZh, p.Scope)))
            .Where(e => _access.Allows(user, e.Scope))
            .OrderBy(e => e.PluginId, StringComparer.Ordinal)
            .ToList();

    /// <summary>The running plugin and the page it declares at <paramref name="path"/>, or null.</summary>
    internal (PluginRuntime Runtime, ConsolePage Page)? Find(string pluginId, string path)
    {
        var runtime = _plugins.Runtimes.FirstOrDefault(r => string.Equals(r.Manifest.Id, pluginId, StringComparison.OrdinalIgnoreCase));
        var page = runtime?.Current?.ConsolePages.FirstOrDefault(p => p.Path == path);
        return runtime is null || page is null ? null : (runtime, page);
    }
}
