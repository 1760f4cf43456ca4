using IntegrationHub.Testing;
using Xunit;

namespace Meters.Tests;

/// <summary>
/// A real hub in the test process with the plugin's build output loaded (as a deployment would have it), its
/// <c>meters</c> connector pointing at <see cref="Target"/>, a webhook sink standing in for the outside system.
/// One per test class: starting a hub takes a few seconds.
/// </summary>
public sealed class MetersHub : IAsyncLifetime
{
    public HubEnvironment Environment { get; private set; } = null!;

    public WebhookSink Target { get; private set; } = null!;

    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        Target = await Environment.StartSinkAsync();
        Environment.Plugins.AddFrom(Path.Combine(AppContext.BaseDirectory, "plugins", "Meters"));
        Hub = await Environment.StartHubAsync(new Dictionary<string, string?>
        {
            ["Connectors:meters:Kind"] = "webhook",
            ["Connectors:meters:Url"] = Target.Url + "/meters",
            ["Plugins:Meters:Cron"] = "0 0 7 * * ?",
        });
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Environment.DisposeAsync();
    }
}
