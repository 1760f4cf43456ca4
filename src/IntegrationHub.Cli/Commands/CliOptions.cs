using System.CommandLine;

namespace IntegrationHub.Cli.Commands;

/// <summary>Options several commands share, so they are spelled the same everywhere.</summary>
public static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of tables." };

    public static Option<string?> Url() => new("--url") { Description = "Base address of a running hub (default http://127.0.0.1:5080 or HUB_URL)." };

    public static Option<string?> ApiKey() => new("--api-key") { Description = "API key of a running hub (default HUB_API_KEY)." };
}
