using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.DataSources;

public static class DataSourceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DataSourceRegistry"/> as the hub's <see cref="IDataSources"/> (and <see cref="ISemanticLayerSource"/>)
    /// with every source under <c>DataSources:{name}</c>. A semantic-layer loader, when registered as
    /// <see cref="ISemanticLayerLoader"/>, is used to read <c>DataSources:{name}:SemanticLayer</c>.
    /// </summary>
    public static IServiceCollection AddDataSources(this IServiceCollection services, IConfiguration configuration)
    {
        var sources = new Dictionary<string, DataSourceOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection(DataSourceOptions.Section).GetChildren())
        {
            var options = child.Get<DataSourceOptions>() ?? new DataSourceOptions();
            if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                sources[child.Key] = options;
            }
        }

        services.AddSingleton(sp => new DataSourceRegistry(sources, sp.GetService<ISemanticLayerLoader>(), sp.GetService<ILogger<DataSourceRegistry>>()));
        services.AddSingleton<IDataSources>(sp => sp.GetRequiredService<DataSourceRegistry>());
        services.AddSingleton<ISemanticLayerSource>(sp => sp.GetRequiredService<DataSourceRegistry>());
        return services;
    }
}
