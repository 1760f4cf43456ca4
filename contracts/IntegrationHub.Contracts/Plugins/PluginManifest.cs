namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// The content of <c>plugin.json</c>, beside the plugin's assembly in its folder under <c>plugins/</c>.
/// </summary>
/// <param name="Id">Stable identifier, also the plugin's name in configuration, API and CLI (for example <c>PowerWorkOrders</c>).</param>
/// <param name="Version">The plugin's own semantic version.</param>
/// <param name="TargetAbi">The contracts version the plugin was built against; the hub refuses a higher major.</param>
/// <param name="Assembly">File name of the assembly holding the <see cref="IHubPlugin"/> implementation.</param>
/// <param name="Description">One line saying what the plugin does.</param>
/// <param name="ConfigurationSection">Section of the hub's configuration bound to the plugin (default <c>Plugins:{Id}</c>).</param>
/// <param name="Dependencies">Ids of plugins that must be running first (ordering only; a plugin never references another).</param>
public sealed record PluginManifest(
    string Id,
    string Version,
    string TargetAbi,
    string Assembly,
    string Description,
    string? ConfigurationSection = null,
    IReadOnlyList<string>? Dependencies = null)
{
    public const string FileName = "plugin.json";

    public string SectionOrDefault => ConfigurationSection ?? $"Plugins:{Id}";
}
