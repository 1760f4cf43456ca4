using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Whether a plugin may load: not when disabled in configuration (<c>Plugins:{id}:Enabled=false</c>), nor when an
/// operator disabled it (<c>hub plugins disable</c>), which is kept in the hub's database so a restart keeps it
/// disabled: one document per plugin in the hub's document store (<c>plugin_documents</c>), under the owner
/// <see cref="Owner"/>, which is the hub's and not a plugin's.
/// </summary>
internal sealed class DisabledPlugins(HubDatabase database, IConfiguration configuration)
{
    public const string Owner = "#hub";
    private const string Collection = "disabled-plugins";

    private readonly DocumentStore _store = new(database, Owner, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public bool EnabledInConfiguration(PluginManifest manifest) => configuration.GetValue($"{manifest.SectionOrDefault}:Enabled", true);

    /// <summary>Why the plugin must not load (disabled in configuration, or by an operator), or null.</summary>
    public async Task<string?> WhyAsync(PluginManifest manifest, CancellationToken cancellationToken) =>
        !EnabledInConfiguration(manifest) ? "in configuration"
        : await IsDisabledAsync(manifest.Id, cancellationToken) ? "by an operator (hub plugins enable to load it)"
        : null;

    public async Task<bool> IsDisabledAsync(string pluginId, CancellationToken cancellationToken) =>
        await _store.GetAsync<Disabled>(Collection, Key(pluginId), cancellationToken) is not null;

    public Task DisableAsync(string pluginId, CancellationToken cancellationToken) =>
        _store.PutAsync(Collection, Key(pluginId), new Disabled(DateTimeOffset.UtcNow), cancellationToken: cancellationToken);

    public Task EnableAsync(string pluginId, CancellationToken cancellationToken) => _store.DeleteAsync(Collection, Key(pluginId), cancellationToken);

    private static string Key(string pluginId) => pluginId.ToLowerInvariant();

    private sealed record Disabled(DateTimeOffset At);
}
