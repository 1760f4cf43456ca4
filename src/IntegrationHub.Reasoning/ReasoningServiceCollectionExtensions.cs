using IntegrationHub.Reasoning.Consumers;
using IntegrationHub.Reasoning.Llm;
using IntegrationHub.Reasoning.Offline;
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
    /// Register an <see cref="IOfflineTextToSql"/> (and optionally <see cref="ITextToSqlTools"/>) before or after;
    /// without one, offline text-to-SQL answers with an error.
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
        services.TryAddSingleton<IOfflineTextToSql, UnavailableOfflineTextToSql>();
        services.TryAddSingleton<IReasoningService>(sp => new ReasoningService(
            sp.GetRequiredService<IOptions<ReasoningOptions>>(),
            sp.GetRequiredService<LlmSkillRunner>(),
            sp.GetRequiredService<IntentSetCatalog>(),
            sp.GetRequiredService<IntentClassifier>(),
            sp.GetRequiredService<Summarizer>(),
            sp.GetRequiredService<Drafter>(),
            sp.GetRequiredService<IOfflineTextToSql>(),
            sp.GetRequiredService<ReasoningMetrics>(),
            sp.GetService<ITextToSqlTools>()));
        return services;
    }

    /// <summary>The four skill consumers, all on the <c>reasoning</c> endpoint (competing consumers when scaled out).</summary>
    public static IBusRegistrationConfigurator AddReasoningConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<TextToSqlConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<ClassifyIntentConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<SummarizeConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<DraftConsumer>().Endpoint(e => e.Name = EndpointName);
        return bus;
    }

    private static string Folder(string? configured, string name) =>
        string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, name) : Path.GetFullPath(configured, AppContext.BaseDirectory);
}
