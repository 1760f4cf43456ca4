using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Audit;
using IntegrationHub.Host.Api.Ingest;
using IntegrationHub.Host.Api.OpenApi;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.WebConsole;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Host;

public static class HubApiComposition
{
    /// <summary>
    /// API-key authentication, scope authorization (an endpoint that declares no scope is for admins alone), event
    /// ingest rules, readable JSON, problem details and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddHubApi(this IServiceCollection services)
    {
        services.AddSingleton<AccessControl>();
        services.AddSingleton<IHubAccess>(sp => sp.GetRequiredService<AccessControl>());
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
        services.AddOptions<HubOptions>().Validate(ApiKeysValidation.IsValid, ApiKeysValidation.Message).ValidateOnStart();
        services.AddHostedService<DemoKeyWarning>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(HubScopes.Undeclared))
                .Build());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HubAudit>();
        services.AddSingleton<PluginEndpointClient>();
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

    /// <summary>The hub's HTTP API: events, plugins, errors, connector callbacks, modules' endpoints, the operator console, then plugins' own.</summary>
    public static void MapHubApi(this WebApplication app, IEnumerable<IHubModule> modules)
    {
        // Problem details for every error answer without a body of its own (401, 404, 405, 500), never a stack trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseMiddleware<ApiAuditMiddleware>();
        app.UseAuthorization();
        app.UseHubConsole();
        app.MapHubHealth();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireScope(HubScopes.MetricsRead);
        app.MapOpenApi().RequireScope(HubScopes.OpenApiRead);
        var api = app.MapGroup("/api");
        api.MapEventsEndpoints();
        api.MapPluginsEndpoints();
        api.MapErrorsEndpoints();
        api.MapDeliveriesEndpoints();
        api.MapAuditEndpoints();
        api.MapOverviewEndpoints();
        app.MapConnectorCallbacks();
        foreach (var module in modules.OfType<IHubApiModule>())
        {
            module.MapEndpoints(app);
        }

        app.MapHubConsole();
        api.MapPluginEndpoints();
    }
}
