using IntegrationHub.Connectors;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Api.Ingest;
using IntegrationHub.Host.Api.OpenApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace IntegrationHub.Host;

public static class HubApiComposition
{
    /// <summary>API-key authentication (every endpoint needs a key unless it says otherwise), event ingest rules, readable JSON, problem details and the OpenAPI document.</summary>
    public static IServiceCollection AddHubApi(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        services.AddSingleton<EventIngest>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ReadableJson.Apply(o.SerializerOptions));
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section);
        services.AddSingleton<IngestibleContracts>();
        services.AddSingleton<ContractJsonReader>();
        services.AddSingleton<EventIngestValidator>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<PluginEndpointsDocument>();
            o.AddDocumentTransformer<ApiKeyDocument>();
        });
        return services;
    }

    /// <summary>The hub's HTTP API: events, plugins, errors, connector callbacks, modules' endpoints, then plugins' own.</summary>
    public static void MapHubApi(this WebApplication app, IEnumerable<IHubModule> modules)
    {
        // Problem details for every error answer without a body of its own (401, 404, 405, 500), never a stack trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHubHealthAndMetrics();
        app.MapOpenApi();
        var api = app.MapGroup("/api");
        api.MapEventsEndpoints();
        api.MapPluginsEndpoints();
        api.MapErrorsEndpoints();
        app.MapConnectorCallbacks();
        foreach (var module in modules.OfType<IHubApiModule>())
        {
            module.MapEndpoints(app);
        }

        api.MapPluginEndpoints();
    }
}
