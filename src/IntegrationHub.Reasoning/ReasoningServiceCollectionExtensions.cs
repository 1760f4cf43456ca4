using IntegrationHub.Reasoning.Consumers;
using IntegrationHub.Reasoning.Llm;
using IntegrationHub.Reasoning.Offline;
using IntegrationHub.Reasoning.Sql;
using IntegrationHub.Reasoning.TextToSql;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Reasoning;

public static class ReasoningServiceCollectionExtensions
{
    /// <summary>The bus endpoint (queue) every reasoning consumer listens on.</summary>
    public const string EndpointName = "reasoning";

    /// <summary>
    /// Registers <see cref="IReasoningService"/> and its engines, bound from the <c>Reasoning</c> section.
    /// Offline text-to-SQL is <c>IntegrationHub.Reasoning.TextToSql</c>'s engine unless another <see cref="IOfflineTextToSql"/>
    /// is registered first; register an <see cref="ITextToSqlTools"/> to give the model database tools over the bus.
    /// </summary>
    public static IServiceCollection AddReasoningWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReasoningOptions>().Bind(configuration.GetSection(ReasoningOptions.SectionName));
        services.TryAddSingleton(sp => new ReasoningMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<ChatClientProvider>();
        services.TryAddSingleton<LlmSkillRunner>();
        services.TryAddSingleton<IntentClassifier>();
        services.TryAddSingleton<Summarizer>();
        services.TryAddSingleton(sp => new IntentSetCatalog(Folder(sp.GetRequiredService<IOptions<ReasoningOptions>>().Value.IntentSetsPath, "IntentSets")));
        services.TryAddSingleton(sp => new Drafter(Folder(sp.GetRequiredService<IOptions<ReasoningOptions>>().Value.DraftTemplatesPath, "DraftTemplates")));
        services.TryAddSingleton<OfflineTextToSqlEngine>();
        services.TryAddSingleton<IOfflineTextToSql, OfflineTextToSqlAdapter>();
        services.TryAddSingleton<IGeneratedSqlValidator, GuardedSqlValidator>();
        services.TryAddSingleton<LlmSqlWriter>();
        services.TryAddSingleton<IReasoningService>(sp => new ReasoningService(
            sp.GetRequiredService<IOptions<ReasoningOptions>>(),
            sp.GetRequiredService<LlmSkillRunner>(),
            sp.GetRequiredService<IntentSetCatalog>(),
            sp.GetRequiredService<IntentClassifier>(),
            sp.GetRequiredService<Summarizer>(),
            sp.GetRequiredService<Drafter>(),
            sp.GetRequiredService<IOfflineTextToSql>(),
            sp.GetRequiredService<LlmSqlWriter>(),
            sp.GetRequiredService<IGeneratedSqlValidator>(),
            sp.GetRequiredService<ReasoningMetrics>(),
            sp.GetService<ITextToSqlTools>()));
        return services;
    }

    /// <summary>The four skill consumers, all on one endpoint (competing consumers when scaled out).</summary>
    /// <param name="endpointName">The queue; <c>reasoning</c> unless a test or a second deployment needs its own.</param>
    /// <param name="temporary">An auto-deleted queue (tests, benchmarks).</param>
    public static IBusRegistrationConfigurator AddReasoningConsumers(this IBusRegistrationConfigurator bus, string endpointName = EndpointName, bool temporary = false)
    {
        void Endpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = endpointName;
            e.Temporary = temporary;
        }

        bus.AddConsumer<TextToSqlConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<ClassifyIntentConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<SummarizeConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<DraftConsumer>().Endpoint(Endpoint);
        return bus;
    }

    private static string Folder(string? configured, string name) =>
        string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, name) : Path.GetFullPath(configured, AppContext.BaseDirectory);
}
