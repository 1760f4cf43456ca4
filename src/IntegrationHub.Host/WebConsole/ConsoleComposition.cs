using System.Runtime.CompilerServices;
using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// The operator console: Razor Pages under <c>WebConsole/Pages</c>, served at <c>/</c> by the hub runtime, signed in
/// with the hub's API keys (<see cref="ConsoleAuthentication"/>), in English or Chinese.
/// </summary>
public static class ConsoleComposition
{
    public static readonly string[] Languages = ["en", "zh"];

    public static IServiceCollection AddHubConsole(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        if (!options.Enabled)
        {
            return services;
        }

        ConsoleAuthentication.Add(services, options);
        services.AddLocalization();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ConsoleMenu(sp.GetRequiredService<PluginManager>(), sp.GetRequiredService<AccessControl>()));
        services.AddSingleton<ConsoleAuditFilter>();
        services.AddRazorPages(pages =>
            {
                pages.RootDirectory = "/WebConsole/Pages";
                pages.Conventions.AuthorizeFolder("/", ConsoleAuthentication.Policy);
                pages.Conventions.AllowAnonymousToPage("/SignIn");
            })
            .AddMvcOptions(mvc => mvc.Filters.AddService<ConsoleAuditFilter>())
            .ConfigureApplicationPartManager(parts =>
            {
                var assembly = typeof(ConsoleComposition).Assembly;
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    if (!parts.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        return services;
    }

    /// <summary>The language of console pages: the language cookie, else the browser's Accept-Language, else English.</summary>
    public static void UseHubConsole(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return;
        }

        app.UseWhen(
            http => !http.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseRequestLocalization(o =>
            {
                o.SetDefaultCulture(Languages[0]).AddSupportedCultures(Languages).AddSupportedUICultures(Languages);
                o.FallBackToParentCultures = true;
                o.FallBackToParentUICultures = true;
            }));
    }

    public static void MapHubConsole(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return;
        }

        app.MapRazorPages();
        // The console's own endpoints are not part of the HTTP API (nor of its OpenAPI document).
        var console = app.MapGroup(ConsoleAuthentication.EndpointPrefix).ExcludeFromDescription();
        console.MapGet("/live", (OverviewReader reader, IOptions<ConsoleOptions> options, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(LiveAsync(reader, options.Value.LiveInterval, cancellationToken), "overview"))
            .RequireAuthorization(new AuthorizationPolicyBuilder(ConsoleAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(HubScopes.MetricsRead))
                .Build());
        console.MapGet("/language", (string lang, string? returnUrl, HttpContext http) =>
        {
            var language = Languages.Contains(lang) ? lang : Languages[0];
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
            var local = returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
            return Results.LocalRedirect(local ? returnUrl! : "/");
        }).AllowAnonymous();
    }

    private static async IAsyncEnumerable<OverviewSnapshot> LiveAsync(OverviewReader reader, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            yield return await reader.ReadAsync(cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
