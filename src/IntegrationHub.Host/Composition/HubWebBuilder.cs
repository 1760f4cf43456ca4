using IntegrationHub.Host.Security;

namespace IntegrationHub.Host;

/// <summary>The web host both hub processes start from: configuration from the arguments, content root beside the tool.</summary>
internal static class HubWebBuilder
{
    public static WebApplicationBuilder Create(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
        {
            builder.WebHost.UseUrls(HubRuntime.DefaultUrl);
        }

        configure?.Invoke(builder);
        builder.Services.AddSecretRedaction();
        return builder;
    }
}
