using System.CommandLine;
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
            var uri = new Uri(rabbitUri);
            var user = uri.UserInfo.Split(':', 2);
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:Bus:RabbitMq:Host"] = uri.Host,
                ["Hub:Bus:RabbitMq:Port"] = (uri.Port > 0 ? uri.Port : 5672).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Hub:Bus:RabbitMq:VirtualHost"] = uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(uri.AbsolutePath[1..]),
                ["Hub:Bus:RabbitMq:Username"] = user.Length > 0 && user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
                ["Hub:Bus:RabbitMq:Password"] = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
            });
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
