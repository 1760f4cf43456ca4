using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Builds a loaded plugin's own service provider: what the SDK promises it (implemented by the host), then what
/// the plugin's <see cref="IHubPlugin.Configure"/> adds, and records its declarations (handlers, jobs, endpoints).
/// </summary>
internal sealed class PluginContainers(
    IServiceProvider hostServices,
    IConfiguration configuration,
    IOptions<HubOptions> options,
    ContractRegistry contracts,
    ILoggerFactory loggerFactory)
{
    public LoadedPlugin Compose(PluginManifest manifest, PluginLoad load)
    {
        var section = configuration.GetSection(manifest.SectionOrDefault);
        var dataDirectory = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "plugins", manifest.Id);
        Directory.CreateDirectory(dataDirectory);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var services = new ServiceCollection();
        AddSdkServices(services, manifest, section, json);
        var builder = new PluginBuilder(manifest, section, services, contracts);
        load.Instance.Configure(builder);

        var context = new PluginContext(manifest, section, dataDirectory);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        context.Services = provider;
        // Endpoint bodies are read and answers written readably (UTF-8 text, no float noise); stored documents keep full precision.
        return new LoadedPlugin(load.Loader, load.Instance, provider, context, builder, ReadableJson.Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    /// <summary>What the SDK promises a plugin: registered into the plugin's own container, implemented by the host.</summary>
    private void AddSdkServices(ServiceCollection services, PluginManifest manifest, IConfiguration section, JsonSerializerOptions json)
    {
        var id = manifest.Id;
        SharedAssemblies.ShareServices(hostServices, services);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // The hub's clock, so plugin timers and the scheduler agree (and tests can move both).
        services.AddSingleton(hostServices.GetRequiredService<TimeProvider>());
        services.AddOptions();
        services.AddSingleton(section);
        services.AddSingleton(new DocumentStore(hostServices.GetRequiredService<HubDatabase>(), id, json));
        services.AddSingleton<IPluginStore>(sp => sp.GetRequiredService<DocumentStore>());
        services.AddPluginPorts(hostServices, id);
        services.AddSingleton(hostServices.GetRequiredService<IWorkerClient>());
    }
}
