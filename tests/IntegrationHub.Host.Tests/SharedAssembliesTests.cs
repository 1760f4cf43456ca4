using System.Runtime.Loader;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Host.Tests;

/// <summary>What host and plugins share, found without naming an industry (plugins' use of it: ReloadTests, PluginFailureTests).</summary>
public sealed class SharedAssembliesTests
{
    [Fact]
    public void An_industry_contracts_assembly_beside_the_host_is_loaded_once_into_the_default_context_and_registered()
    {
        var power = typeof(WorkOrderStatusReported).Assembly;

        Assert.Contains(power, SharedAssemblies.Contracts);
        Assert.Contains(typeof(IHubPlugin).Assembly, SharedAssemblies.Contracts);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(power));
        var registry = new ContractRegistry();
        Assert.True(registry.TryGetType("power.work-order-status-reported", out var type));
        Assert.Same(typeof(WorkOrderStatusReported), type);
        Assert.Equal("hub.connector-callback-received", registry.NameOf(typeof(Contracts.Events.Hub.ConnectorCallbackReceived)));
    }

    [Fact]
    public void Host_services_under_a_contracts_interface_are_handed_to_plugins_and_nothing_else()
    {
        var sources = new EmptySources();
        using var host = new ServiceCollection().AddSingleton<IDataSources>(sources).AddSingleton(new HostOnly()).BuildServiceProvider();
        var plugin = new ServiceCollection();

        SharedAssemblies.ShareServices(host, plugin);

        var shared = Assert.Single(plugin);
        Assert.Equal(typeof(IDataSources), shared.ServiceType);
        Assert.Same(sources, shared.ImplementationInstance);
    }

    private sealed class HostOnly;

    private sealed class EmptySources : IDataSources
    {
        public IReadOnlyList<DataSourceInfo> List() => [];

        public Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default) => throw new KeyNotFoundException(source);

        public Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default) =>
            throw new KeyNotFoundException(source);
    }
}
