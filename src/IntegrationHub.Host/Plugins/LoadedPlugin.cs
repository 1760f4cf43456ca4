using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using McMaster.NETCore.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>One load of a plugin: its load context, instance, services and declarations. Replaced whole on reload.</summary>
internal sealed class LoadedPlugin(
    PluginLoader loader,
    IHubPlugin instance,
    ServiceProvider services,
    PluginContext context,
    PluginBuilder declarations,
    JsonSerializerOptions json) : IAsyncDisposable
{
    public IHubPlugin Instance { get; private set; } = instance;

    public ServiceProvider Services { get; } = services;

    public PluginContext Context { get; } = context;

    public IReadOnlyDictionary<Type, HandlerBinding> Handlers { get; } = declarations.Handlers;

    public IReadOnlyList<CronJobDeclaration> Jobs { get; } = declarations.Jobs;

    public IReadOnlyList<PluginEndpoint> Endpoints { get; } = declarations.Endpoints;

    /// <summary>Roles the plugin defines, with the scopes each grants.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; } = declarations.Roles;

    /// <summary>Pages the plugin adds to the operator console.</summary>
    public IReadOnlyList<ConsolePage> ConsolePages { get; } = declarations.ConsolePages;

    /// <summary>Serializer options private to this load, so their type cache dies with it.</summary>
    public JsonSerializerOptions Json { get; } = json;

    /// <summary>Lets tests and operators check that an unloaded context was really collected.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference ContextReference() =>
        new(AssemblyLoadContext.GetLoadContext(Instance.GetType().Assembly), trackResurrection: false);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Instance = null!;
        loader.Dispose();
        SerializerCaches.Clear();
    }
}

/// <summary>The SDK's <see cref="IPluginContext"/>.</summary>
internal sealed class PluginContext(PluginManifest manifest, Microsoft.Extensions.Configuration.IConfiguration configuration, string dataDirectory) : IPluginContext
{
    public PluginManifest Manifest { get; } = manifest;

    public Microsoft.Extensions.Configuration.IConfiguration Configuration { get; } = configuration;

    public IServiceProvider Services { get; set; } = null!;

    public string DataDirectory { get; } = dataDirectory;
}
