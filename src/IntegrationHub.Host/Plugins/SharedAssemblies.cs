using System.Reflection;
using System.Runtime.Loader;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// The one rule of what host and plugins share: (1) the framework <see cref="Types"/> the SDK speaks in; (2) every
/// contracts assembly — the SDK (<c>IntegrationHub.Contracts</c>) and each industry's <c>IntegrationHub.Contracts.*.dll</c>
/// beside the host — loaded once into the default context, so every plugin sees one copy of each contract type; (3) the
/// host services registered under an interface those assemblies declare (data sources, charts…), handed to every plugin.
/// The host names no industry and no plugin's service: contracts are found by file name, services by interface.
/// </summary>
public static class SharedAssemblies
{
    /// <summary>The file names of contracts assemblies beside the host.</summary>
    public const string ContractsPattern = "IntegrationHub.Contracts*.dll";

    private static readonly Lazy<IReadOnlyList<Assembly>> Loaded = new(() => LoadContracts(AppContext.BaseDirectory));

    private static readonly Lazy<IReadOnlyList<Type>> Interfaces = new(() => Contracts
        .SelectMany(a => a.GetExportedTypes())
        .Where(t => t.IsInterface && !t.IsGenericTypeDefinition)
        .ToList());

    /// <summary>Framework types whose assemblies a plugin must share with the host to talk to it.</summary>
    public static Type[] Types { get; } =
    [
        typeof(IHubPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
        typeof(IConfiguration),
        typeof(IOptions<>),
    ];

    /// <summary>The SDK and every industry's contracts assembly, loaded into the default context.</summary>
    public static IReadOnlyList<Assembly> Contracts => Loaded.Value;

    /// <summary>Makes a plugin's load context take the contracts from the default context, never its own copy.</summary>
    public static void Share(PluginConfig config)
    {
        foreach (var assembly in Contracts)
        {
            config.SharedAssemblies.Add(assembly.GetName());
        }
    }

    /// <summary>
    /// Adds to a plugin's container every host service registered under an interface of the contracts (one instance,
    /// the host's). The SDK services the hub implements per plugin (store, outbox, publisher…) are added after, over these.
    /// </summary>
    public static void ShareServices(IServiceProvider host, IServiceCollection plugin)
    {
        foreach (var type in Interfaces.Value)
        {
            if (host.GetService(type) is { } service)
            {
                plugin.AddSingleton(type, service);
            }
        }
    }

    internal static IReadOnlyList<Assembly> LoadContracts(string directory)
    {
        var assemblies = new List<Assembly> { typeof(MessageContractAttribute).Assembly };
        foreach (var file in Directory.EnumerateFiles(directory, ContractsPattern).Order(StringComparer.Ordinal))
        {
            var name = AssemblyName.GetAssemblyName(file);
            if (assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name)))
            {
                continue;
            }

            assemblies.Add(Load(name, file));
        }

        return assemblies;
    }

    private static Assembly Load(AssemblyName name, string file)
    {
        try
        {
            // Referenced by the entry point: the default context resolves it from the application's dependencies.
            return AssemblyLoadContext.Default.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException)
        {
            // Only dropped beside the host: loaded from its file, still into the default context.
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
        }
    }
}
