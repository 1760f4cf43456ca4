using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.DemoData;
using IntegrationHub.Host;
using IntegrationHub.Reasoning.TextToSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Composition;

/// <summary>
/// Business data for plugins (<c>HubModules.All()</c>): <c>DataSources:*</c> from configuration as <see cref="Contracts.Plugins.IDataSources"/>,
/// their semantic layers (YAML), PNG charts as <see cref="IChartRenderer"/> — the hub hands each plugin whatever is
/// registered under a contracts interface — and, when no source is configured, the demo database under the data folder
/// (created on first start) with its shipped semantic layer. It names no plugin: any plugin may ask.
/// </summary>
public sealed class DataSourcesModule : IHubModule
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISemanticLayerLoader, YamlSemanticLayerLoader>();
        services.AddSingleton<IChartRenderer, IntegrationHub.Charts.ScottPlotChartRenderer>();
        if (!configuration.GetSection(DataSourceOptions.Section).GetChildren().Any())
        {
            var path = Path.GetFullPath(Path.Combine(configuration["Hub:DataDirectory"] ?? "data", "power-marketing.sqlite"));
            PowerMarketingDatabase.EnsureCreated(path);
            var shipped = Path.Combine(AppContext.BaseDirectory, "SemanticLayers", SemanticLayerLoader.PowerMarketingFile);
            configuration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataSources:power-marketing:Provider"] = "Sqlite",
                ["DataSources:power-marketing:ConnectionString"] = $"Data Source={path}",
                ["DataSources:power-marketing:SemanticLayer"] = File.Exists(shipped) ? shipped : null,
            }).Build();
        }

        services.AddDataSources(configuration);
    }

    private sealed class YamlSemanticLayerLoader : ISemanticLayerLoader
    {
        public SemanticLayer Load(string path) => SemanticLayerLoader.LoadFile(path);
    }
}
