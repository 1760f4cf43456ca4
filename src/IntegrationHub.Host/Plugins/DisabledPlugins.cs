using System.Text.Json;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Which plugins an operator disabled (<c>hub plugins disable</c>), kept in the hub's database so a restart keeps them
/// disabled: one document per plugin in the hub's document store (<c>plugin_documents</c>), under the owner
/// <see cref="Owner"/>, which is the hub's and not a plugin's.
/// </summary>
internal sealed class DisabledPlugins(HubDatabase database)
{
    public const string Owner = "#hub";
    private const string Collection = "disabled-plugins";

    private readonly DocumentStore _store = new(database, Owner, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public async Task<bool> IsDisabledAsync(string pluginId, CancellationToken cancellationToken) =>
        await _store.GetAsync<Disabled>(Collection, Key(pluginId), cancellationToken) is not null;

    public Task DisableAsync(string pluginId, CancellationToken cancellationToken) =>
        _store.PutAsync(Collection, Key(pluginId), new Disabled(DateTimeOffset.UtcNow), cancellationToken: cancellationToken);

    public Task EnableAsync(string pluginId, CancellationToken cancellationToken) => _store.DeleteAsync(Collection, Key(pluginId), cancellationToken);

    private static string Key(string pluginId) => pluginId.ToLowerInvariant();

    private sealed record Disabled(DateTimeOffset At);
}
