using System.CommandLine;
using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Cli.Commands;

/// <summary>Options and configuration several commands share, so they are spelled and read the same everywhere.</summary>
public static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of tables." };

    public static Option<string?> Url() => new("--url") { Description = "Base address of a running hub (default http://127.0.0.1:5080 or HUB_URL)." };

    public static Option<string?> ApiKey() => new("--api-key") { Description = "API key of a running hub (default HUB_API_KEY)." };

    /// <summary>
    /// appsettings.json beside the tool, environment, then <c>--Section:Key=value</c> tokens (a broker URI, when given,
    /// over the Hub:Bus:RabbitMq settings; a <c>--bus inmemory|rabbitmq</c> choice over Hub:Bus:Transport).
    /// </summary>
    public static IConfiguration Configuration(IReadOnlyList<string> unmatched, string? rabbitUri = null, string? bus = null)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. unmatched]);
        if (rabbitUri is not null)
        {
            builder.AddInMemoryCollection(RabbitMqOptions.SettingsFrom(new Uri(rabbitUri)));
        }

        if (bus is not null)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:Bus:Transport"] = string.Equals(bus, "rabbitmq", StringComparison.OrdinalIgnoreCase) ? "RabbitMq" : "InMemory",
            });
        }

        return builder.Build();
    }
}
