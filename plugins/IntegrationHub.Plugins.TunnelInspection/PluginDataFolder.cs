namespace IntegrationHub.Plugins.TunnelInspection;

/// <summary>
/// The plugin's own folder under the hub's data folder (run images, reports). The hub names it only at start
/// (<c>IPluginContext.DataDirectory</c>), after the services are built, so the plugin sets it then.
/// </summary>
public sealed class PluginDataFolder
{
    private string? root;

    public string Root => root ?? throw new InvalidOperationException("The plugin has not started: its data folder is not known yet.");

    public void Attach(string folder) => root = Path.GetFullPath(folder);

    public string RunFolder(string runId) => Path.Combine(Root, "runs", runId);

    public string Resolve(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException($"'{relative}' is outside the plugin's data folder");
    }
}
